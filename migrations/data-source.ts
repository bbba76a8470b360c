import { DataSource } from 'typeorm';
import { dataSourceOptions, loadEnvironment, readDotEnv } from '@app/core';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './index';

/** The data source of the TypeORM CLI (`npm run migration:*`), built from the same options (and `.env`) as the apps. */
readDotEnv();
export default new DataSource({ ...dataSourceOptions(loadEnvironment()), entities: ENTITIES, migrations: MIGRATIONS });
