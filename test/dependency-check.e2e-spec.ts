import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { databaseSchemaProblem, unreachableDependencies, validateEnvironment } from '@app/core';
import { cloneTemplate, databaseUrl, dropDatabase, ensureDatabase, TEST_REDIS_URL, TEST_SERVER_URL } from './support/test-database';

/** The start-up check (`prepareProcess`) names what does not answer, and only that. */
describe('the start-up dependency check', () => {
  const check = (url: string, redisUrl = TEST_REDIS_URL, database: 'may-not-exist' | 'must-exist' = 'may-not-exist') =>
    unreachableDependencies(validateEnvironment({ NODE_ENV: 'test', DATABASE_URL: url, REDIS_URL: redisUrl }), { database });

  it("checks the application's own database, and takes one not created yet as a server that answers", async () => {
    expect(await check(`${TEST_SERVER_URL.replace(/\/[^/]*$/, '')}/postgres`)).toEqual([]);
    expect(await check(`${TEST_SERVER_URL.replace(/\/[^/]*$/, '')}/cc_not_created_yet_${Date.now()}`)).toEqual([]);
  });

  it('names Postgres and Redis when nothing answers at their addresses, with the cause and the port tried', async () => {
    const problems = await check('postgres://postgres@127.0.0.1:1/case_coordination', 'redis://127.0.0.1:1');
    expect(problems).toEqual([
      expect.stringMatching(
        /^Postgres is not reachable at 127\.0\.0\.1:1 \(ECONNREFUSED\)\. Start the cluster that listens on port 1 .*DATABASE_URL/,
      ),
      expect.stringMatching(/^Redis is not reachable at 127\.0\.0\.1:1 \(ECONNREFUSED\)\. Start it with: .*--port 1 .*REDIS_URL/),
    ]);
    // No local start command for a server on another machine.
    const [remote] = await check('postgres://postgres@192.0.2.1:1/x', TEST_REDIS_URL);
    expect(remote).toMatch(
      /^Postgres is not reachable at 192\.0\.2\.1:1 \(.+\)\. Start it there, or point DATABASE_URL at a running server\.$/,
    );
  }, 15_000);

  it('says that the server refused the role, not that it is unreachable', async () => {
    const url = new URL(TEST_SERVER_URL);
    url.username = 'no_such_role_here';
    const [problem] = await check(url.toString());
    expect(problem).toMatch(
      /^Postgres at .+ refused the role "no_such_role_here" \(.*no_such_role_here.*\)\. Check the user and password in DATABASE_URL\.$/,
    );
  });

  it('names a missing database, and how to create it, where the command does not create it itself', async () => {
    const missing = `cc_not_created_yet_${Date.now()}`;
    const [problem] = await check(databaseUrl(missing), TEST_REDIS_URL, 'must-exist');
    expect(problem).toMatch(
      new RegExp(
        `^Database "${missing}" does not exist on the Postgres server at .+\\. Create it and apply the migrations with: npm run migrate$`,
      ),
    );
  });

  it('names an unmigrated database and how to migrate it, and passes a migrated one', async () => {
    const empty = databaseUrl(`cc_unmigrated_${process.pid}`);
    const migrated = await cloneTemplate(`cc_migrated_${process.pid}`);
    await ensureDatabase(empty);
    const client = new pg.Client({ connectionString: migrated });
    try {
      expect(await databaseSchemaProblem(empty)).toBe(
        `Database "cc_unmigrated_${process.pid}" has no schema yet. Apply the migrations with: npm run migrate  (in an image: node dist/apps/cli/src/main.js migrate)`,
      );
      expect(await databaseSchemaProblem(migrated)).toBeUndefined();
      await client.connect();
      const { rows } = await client.query(
        'DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) RETURNING name',
      );
      expect(await databaseSchemaProblem(migrated)).toMatch(
        new RegExp(
          `^Database "cc_migrated_${process.pid}" lacks 1 of this build's \\d+ migrations \\(the first: ${rows[0].name}\\)\\. Apply`,
        ),
      );
    } finally {
      await client.end();
      await dropDatabase(empty);
      await dropDatabase(migrated);
    }
  });

  it('ends a test run before any test file with one line when Postgres does not answer, without a stack trace', () => {
    const run = spawnSync(process.execPath, ['node_modules/jest/bin/jest.js', '--ci', 'libs/core/src/calendar'], {
      encoding: 'utf8',
      env: { ...process.env, TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' },
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const output = `${run.stdout}${run.stderr}`;
    expect(output.match(/not reachable/g)).toHaveLength(1);
    expect(output).toMatch(/^Postgres is not reachable at 127\.0\.0\.1:1 \(ECONNREFUSED\)\. Start the cluster that listens on port 1 /m);
    // No stack trace, and no test file ran.
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/PASS|FAIL|Tests:/);
  }, 60_000);
});
