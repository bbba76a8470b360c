import { createHash } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, databaseName, dropDatabase, ensureDatabase, unreachableDependencies, validateEnvironment } from '@app/core';
import { MIGRATIONS } from '@app/migrations';

import { TEST_REDIS_URL, TEST_SERVER_URL } from './test-services';

export { TEST_REDIS_URL, TEST_SERVER_URL };

export function databaseUrl(name: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The migrated template is named after a hash of the migrations' code, so it is built once per
 * set of migrations (under an advisory lock, whichever test file comes first) and every test
 * file clones it: `CREATE DATABASE ... TEMPLATE` copies files instead of re-running migrations.
 */
function templateName(): string {
  const hash = createHash('sha256')
    .update(MIGRATIONS.map((m) => m.toString()).join('\n'))
    .digest('hex')
    .slice(0, 12);
  return `cc_test_template_${hash}`;
}

async function ensureTemplate(): Promise<string> {
  const name = templateName();
  const client = new pg.Client({ connectionString: TEST_SERVER_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    const problems = await unreachableDependencies(validateEnvironment({ DATABASE_URL: TEST_SERVER_URL, REDIS_URL: TEST_REDIS_URL }));
    throw new Error(problems.join('\n'));
  }
  try {
    await client.query('SELECT pg_advisory_lock(727274)');
    const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (!exists.rowCount) {
      const building = `${name}_building`;
      await dropDatabase(databaseUrl(building));
      await ensureDatabase(databaseUrl(building));
      const dataSource = new DataSource({
        ...dataSourceOptions(validateEnvironment({}), { url: databaseUrl(building), poolSize: 1 }),
        migrations: MIGRATIONS,
      });
      await dataSource.initialize();
      try {
        await dataSource.runMigrations({ transaction: 'each' });
      } finally {
        await dataSource.destroy();
      }
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
    await client.end();
  }
  return name;
}

export async function cloneTemplate(name: string): Promise<string> {
  const template = await ensureTemplate();
  const url = databaseUrl(name);
  await ensureDatabase(url, template);
  return url;
}

export { databaseName, dropDatabase, ensureDatabase };

/** The SQL `migration:generate` would write: what the entities describe and the database lacks (none: in step). */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const pending = await dataSource.driver.createSchemaBuilder().log();
  return pending.upQueries.map((query) => query.query);
}
