import { spawnSync } from 'node:child_process';
import { unreachableDependencies, validateEnvironment } from '@app/core';
import { TEST_REDIS_URL, TEST_SERVER_URL } from './support/test-database';

/** The start-up check (`prepareProcess`) names what does not answer, and only that. */
describe('the start-up dependency check', () => {
  const check = (databaseUrl: string, redisUrl = TEST_REDIS_URL) =>
    unreachableDependencies(validateEnvironment({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }));

  it("checks the application's own database, and takes one not created yet as a server that answers", async () => {
    expect(await check(`${TEST_SERVER_URL.replace(/\/[^/]*$/, '')}/postgres`)).toEqual([]);
    expect(await check(`${TEST_SERVER_URL.replace(/\/[^/]*$/, '')}/cc_not_created_yet_${Date.now()}`)).toEqual([]);
  });

  it('names Postgres and Redis when nothing answers at their addresses', async () => {
    const problems = await check('postgres://postgres@127.0.0.1:1/case_coordination', 'redis://127.0.0.1:1');
    expect(problems).toEqual([
      expect.stringMatching(/^Postgres is not reachable at 127\.0\.0\.1:1 \(ECONNREFUSED\)\. Start it with: /),
      expect.stringMatching(/^Redis is not reachable at 127\.0\.0\.1:1 /),
    ]);
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
    expect(output).toMatch(/^Postgres is not reachable at 127\.0\.0\.1:1 \(ECONNREFUSED\)\. Start it with: pg_ctlcluster/m);
    // No stack trace, and no test file ran.
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/PASS|FAIL|Tests:/);
  }, 60_000);
});
