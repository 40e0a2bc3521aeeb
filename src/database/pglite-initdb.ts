// Child process of `initdbInChildProcess`: `node pglite-initdb.js <dataDir>` creates the database
// in the empty directory <dataDir>, then exits (0 on success).
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './pglite.js';

const pglite = await PGlite.create(pgliteOptions(process.argv[2]));
await pglite.close();
