import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { lockDataDir } from './data-dir-lock.js';
import { dataSourceOptions } from './data-source-options.js';

const { config } = loadConfig();
// On PGlite the CLI opens the service's own data directory: never beside a running service.
if (config.usesPglite) lockDataDir(config.PGLITE_DATA_DIR);

/** The TypeORM CLI's data source (`npm run migration:run|generate|revert`), on the compiled service. */
export default new DataSource(dataSourceOptions(config));
