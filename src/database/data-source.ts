import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/** The TypeORM CLI's data source (`npm run migration:run|generate|revert`), on the compiled service. */
export default new DataSource(dataSourceOptions(loadConfig().config));
