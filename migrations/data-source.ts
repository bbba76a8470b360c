import { DataSource } from 'typeorm';
import { RefreshToken, Session } from '@app/auth';
import { dataSourceOptions, loadEnvironment } from '@app/core';
import { StaffUser } from '@app/counsellors';
import { CounsellingDomain, CounsellingService, District, Language, Organisation } from '@app/organisations';
import { MIGRATIONS } from './index';

/** Every entity of the schema; what `npm run migration:generate` compares the database against. */
export const ENTITIES = [CounsellingDomain, District, Language, Organisation, CounsellingService, StaffUser, Session, RefreshToken];

/** The data source of the TypeORM CLI (`npm run migration:*`), built from the same options as the apps. */
export default new DataSource({ ...dataSourceOptions(loadEnvironment()), entities: ENTITIES, migrations: MIGRATIONS });
