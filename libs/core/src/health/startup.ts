import pg from 'pg';
import { ConfigurationError, loadEnvironment, readDotEnv, type Environment } from '../config/environment';
import { databaseName } from '../database/ensure-database';
import { unreachableDependencies, type DependencyCheckOptions } from './dependency-check';
import { pendingMigrations, pendingMigrationsProblem } from './pending-migrations';

export interface StartupOptions extends Pick<DependencyCheckOptions, 'redis'> {
  /** 'migrated' (the default): the database exists and has every migration of this build; 'may-not-exist': the command creates it. */
  database?: 'migrated' | 'may-not-exist';
}

/**
 * What every entry point does first: read `.env` if present, validate the environment, and make
 * sure Postgres (and Redis) answer and the schema is there. Problems end the process with one line
 * each, no stack trace.
 */
export async function prepareProcess(options: StartupOptions = {}): Promise<Environment> {
  readDotEnv();
  let environment: Environment;
  try {
    environment = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigurationError) exitWith([error.message]);
    throw error;
  }
  const needsSchema = options.database !== 'may-not-exist';
  const problems = await unreachableDependencies(environment, {
    redis: options.redis,
    database: needsSchema ? 'must-exist' : 'may-not-exist',
  });
  if (problems.length) exitWith(problems);
  if (needsSchema) {
    const problem = await databaseSchemaProblem(environment.DATABASE_URL);
    if (problem) exitWith([problem]);
  }
  return environment;
}

/** An API on an unmigrated database would answer every request with 500: say so at start-up instead. */
export async function databaseSchemaProblem(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const pending = await pendingMigrations(async (sql) => (await client.query<{ name: string }>(sql)).rows);
    return pendingMigrationsProblem(databaseName(url), pending);
  } finally {
    await client.end();
  }
}

function exitWith(lines: string[]): never {
  for (const line of lines) console.error(line);
  process.exit(1);
}
