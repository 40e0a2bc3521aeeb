// Child process of `initdbInChildProcess`: `node pglite-initdb.js <dataDir>` creates the database
// in the empty directory <dataDir> and applies the service's migrations, then exits (0 on
// success). It prints the names of the migrations it applied, one JSON array on stdout.
import { DataSource } from 'typeorm';
import { COMPILED_MIGRATIONS, pgliteDataSourceOptions } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';

const dataSource = await new DataSource(pgliteDataSourceOptions(process.argv[2], COMPILED_MIGRATIONS)).initialize();
const applied = await runMigrations(dataSource, false);
await dataSource.destroy();
process.stdout.write(`\n${JSON.stringify(applied)}\n`);
