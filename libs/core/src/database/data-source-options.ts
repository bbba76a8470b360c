import type { DataSourceOptions } from 'typeorm';
import type { Environment } from '../config/environment';
import { IdempotencyCommitSubscriber } from '../idempotency/idempotency-claim';
import { BoundedClient } from './bounded-client';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How long a query may go without an answer before its connection is given up (see BoundedClient). */
export function queryTimeoutMs(environment: Environment): number {
  return environment.DATABASE_QUERY_TIMEOUT_MS ?? environment.DATABASE_STATEMENT_TIMEOUT_MS + 1000;
}

/**
 * The one definition of how the apps, the CLI and the tests reach Postgres. The connect timeout
 * makes a down database fail fast (503) instead of waiting forever; the statement timeout stops
 * a runaway query from holding a pooled connection. A silent database (a partition: the connection
 * stays open, nothing answers) is bounded on the client: after the query timeout the query fails and
 * BoundedClient closes its connection, so the pool never hands it out again and the server rolls its
 * transaction back. TCP keepalive lets the OS notice a peer that vanished from idle connections.
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
    subscribers: [IdempotencyCommitSubscriber],
    extra: {
      max: overrides.poolSize ?? environment.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: environment.DATABASE_CONNECT_TIMEOUT_MS,
      statement_timeout: environment.DATABASE_STATEMENT_TIMEOUT_MS,
      idle_in_transaction_session_timeout: environment.DATABASE_STATEMENT_TIMEOUT_MS,
      application_name: 'case-coordination',
      options: `-c max_parallel_workers_per_gather=${environment.DATABASE_PARALLEL_WORKERS}`,
      Client: BoundedClient,
      query_timeout: queryTimeoutMs(environment),
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
  };
}
