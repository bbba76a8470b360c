import type { DataSourceOptions } from 'typeorm';
import type { Environment } from '../config/environment';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The one definition of how the apps, the CLI and the tests reach Postgres. The connect timeout
 * makes a down database fail fast (503) instead of waiting forever; the statement timeout stops
 * a runaway query from holding a pooled connection.
 */
export function dataSourceOptions(environment: Environment, overrides: { url?: string; poolSize?: number } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: overrides.url ?? environment.DATABASE_URL,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    // gen_random_uuid() is built into Postgres 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    // Failed queries are reported by the problem filter; TypeORM's own error log would print
    // query parameters (possibly case text), so only migrations are logged here.
    logging: ['migration'],
    extra: {
      max: overrides.poolSize ?? environment.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: environment.DATABASE_CONNECT_TIMEOUT_MS,
      statement_timeout: environment.DATABASE_STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: environment.DATABASE_STATEMENT_TIMEOUT_MS,
      application_name: 'case-coordination',
    },
  };
}
