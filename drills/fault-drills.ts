/**
 * `npm run drill:faults -- --yes`: fault drills against the real API and worker processes (dist/) on a
 * database of their own (cc_drill, demo seed) and a redis-server of their own.
 *
 * (a) postgres: Postgres stopped for ~10 s under a steady mix of reads and hand-off work, then started
 *     again. The API must answer 503 problem+json quickly while it is down, recover without a restart,
 *     and leave no half-written hand-off; reminders due meanwhile are delivered once afterwards.
 * (b) redis: the worker's Redis flushed (FLUSHALL) and later killed and restarted empty under load; the
 *     workers must reconcile from Postgres: every reminder delivered, none lost, none twice.
 * (c) partition: like (a), but the database goes silent instead of refusing (a TCP proxy of the drill
 *     stops forwarding), as in a network partition or a hung server; Postgres itself is not touched.
 *
 * Stopping Postgres stops it for everything on this machine: the drill refuses to start without --yes,
 * refuses while other clients are connected (someone's tests or benchmark), keeps the outage short and
 * always starts Postgres again. Exit code 0 only when every check passed. See drills/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { connectTo, otherSessions, recreateDatabase } from './support/db';
import { analyseFixture, createFixture, type DeliveryAnalysis, type Fixture } from './support/fixtures';
import { findViolations, newViolations, unansweredIdempotencyKeys, type Violations } from './support/invariants';
import { Api, LoadDriver, login, type DrillUser, type Sample } from './support/load';
import { databaseUrl, POSTGRES_SERVER, postgresVersion } from './support/paths';
import { PartitionProxy } from './support/partition-proxy';
import {
  NodeService,
  PrivateRedis,
  postgresCluster,
  productEnv,
  runCli,
  sleep,
  startApi,
  startWorker,
  type StartedApi,
} from './support/processes';
import { QueueProbe } from './support/queue-probe';
import { Checks, count, distribution, ms, numberOption, parseArgs, seconds, stepLogger } from './support/report';

const USAGE = `Usage: npm run drill:faults -- --yes [options]
  --yes                    required for the Postgres drill: it stops this machine's Postgres for ~10 s
  --only=postgres|partition|redis  run one drill (partition and redis need no --yes)
  --outage-ms=10000        how long Postgres stays down (and the partition lasts)
  --pg-stop-mode=fast      pg_ctlcluster stop mode: fast (roll back, disconnect) or immediate (crash, recovery on start)
  --connect-timeout-ms=2000  DATABASE_CONNECT_TIMEOUT_MS of the API and worker
  --query-timeout-ms=2000    DATABASE_QUERY_TIMEOUT_MS of the API and worker (a query with no answer)
  --database=cc_drill      the drill's database (dropped, created, migrated and demo-seeded)
  --force                  stop Postgres even though other clients are connected (they will lose their connections)`;

/** The demo seed's shared password (apps/cli/src/demo/demo-network.data.ts). */
const DEMO_PASSWORD = 'Leipzig-Demo-2026!';

/** Set while this process has the machine's Postgres stopped: every way out starts it again. */
let postgresStopped = false;
function ensurePostgresStarted(): void {
  if (!postgresStopped) return;
  const result = postgresCluster('start');
  postgresStopped = !result.ok;
  console.error(result.ok ? 'Postgres started again.' : `COULD NOT START POSTGRES: ${result.output}`);
}
process.on('exit', ensurePostgresStarted);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the drill`);
    ensurePostgresStarted();
    process.exit(130);
  });
}

interface Context {
  database: string;
  runDir: string;
  redis: PrivateRedis;
  emails: string[];
  step: (message: string) => void;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

async function main(): Promise<number> {
  const { flags, values } = parseArgs(process.argv.slice(2));
  if (flags.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const only = values.get('only');
  if (only && !['postgres', 'partition', 'redis'].includes(only))
    throw new Error(`--only must be postgres, partition or redis, not "${only}"`);
  const drills = only ? [only] : ['postgres', 'redis', 'partition'];
  if (drills.includes('postgres') && !flags.has('yes')) {
    console.error(
      [
        'WARNING: the Postgres drill stops the Postgres server of this machine for about 10 seconds',
        `(pg_ctlcluster ${postgresVersion()} main stop/start). Everything else using it loses its connections:`,
        'never run it while the test suite or a benchmark runs. Run again with --yes to go ahead',
        '(or --only=partition / --only=redis for the drills that touch only processes of their own).',
      ].join('\n'),
    );
    return 2;
  }
  const mode = values.get('pg-stop-mode') ?? 'fast';
  if (mode !== 'fast' && mode !== 'immediate' && mode !== 'smart') throw new Error(`--pg-stop-mode must be fast, immediate or smart`);
  const database = values.get('database') ?? 'cc_drill';
  const step = stepLogger(Date.now());
  const runDir = mkdtempSync(join(tmpdir(), 'fault-drills-'));
  const redis = await PrivateRedis.start();
  const context: Context = {
    database,
    runDir,
    redis,
    emails: [],
    step,
    connectTimeoutMs: numberOption(values, 'connect-timeout-ms', 2000),
    queryTimeoutMs: numberOption(values, 'query-timeout-ms', 2000),
  };
  const results: Checks[] = [];
  try {
    step(`database ${database}: dropping and preparing it with the demo seed (node dist/apps/cli/src/main.js prepare --demo --force)`);
    await recreateDatabase(database);
    // --force: the processes run with NODE_ENV=production, where the CLI refuses the demo's public passwords.
    await runCli(
      ['prepare', '--demo', '--force'],
      productEnv({ DATABASE_URL: databaseUrl(database), REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'drillseed' }),
      runDir,
    );
    context.emails = await drillUsers(database);
    step(`private redis-server on ${redis.url}; load users: ${context.emails.join(', ')}`);
    if (drills.includes('postgres')) {
      results.push(
        await postgresDrill(context, {
          outageMs: numberOption(values, 'outage-ms', 10_000),
          mode,
          force: flags.has('force'),
        }),
      );
    }
    if (drills.includes('redis')) results.push(await redisDrill(context));
    if (drills.includes('partition')) results.push(await partitionDrill(context, { outageMs: numberOption(values, 'outage-ms', 10_000) }));
  } finally {
    ensurePostgresStarted();
    await redis.kill();
  }
  console.log('\nSummary');
  for (const checks of results) {
    for (const result of checks.results) console.log(`  ${result.ok ? 'PASS' : 'FAIL'}  [${checks.prefix}] ${result.name}`);
  }
  const failed = results.flatMap((checks) => checks.failed);
  console.log(
    failed.length === 0
      ? `\nAll ${results.reduce((sum, checks) => sum + checks.results.length, 0)} checks passed.`
      : `\n${failed.length} check(s) FAILED; logs of the API and workers: ${runDir}`,
  );
  if (failed.length === 0) rmSync(runDir, { recursive: true, force: true });
  return failed.length === 0 ? 0 : 1;
}

/** One counsellor of each of four demo organisations that accept referrals. */
async function drillUsers(database: string): Promise<string[]> {
  const client = await connectTo(database);
  try {
    const { rows } = await client.query<{ email: string }>(
      `SELECT email FROM (
         SELECT DISTINCT ON (o.name) u.email, o.name FROM users u JOIN organisations o ON o.id = u.organisation_id
          WHERE u.email LIKE '%@demo.leipzig.example' AND 'counsellor' = ANY(u.roles) AND u.active AND o.active AND o.accepts_referrals
          ORDER BY o.name, u.email) picked
        ORDER BY name LIMIT 4`,
    );
    if (rows.length < 2) throw new Error('the demo seed has fewer than two organisations with counsellors');
    return rows.map((row) => row.email);
  } finally {
    await client.end();
  }
}

/** API and worker(s) of one drill, their environment, logged-in users and the load. */
async function startStack(context: Context, name: string, settings: Record<string, string | number>, workerCount: number) {
  const env = productEnv({
    DATABASE_URL: databaseUrl(context.database),
    REDIS_URL: context.redis.url,
    REDIS_KEY_PREFIX: `drill${name}`,
    DATABASE_CONNECT_TIMEOUT_MS: context.connectTimeoutMs,
    DATABASE_QUERY_TIMEOUT_MS: context.queryTimeoutMs,
    AUTH_RATE_LIMIT_PER_MINUTE: 1000,
    ...settings,
  });
  const dirs = { logDir: join(context.runDir, name), cwd: context.runDir };
  const api = await startApi(env, dirs);
  const workers: NodeService[] = [];
  for (let i = 1; i <= workerCount; i++) workers.push(await startWorker(env, dirs, `worker-${i}`));
  const client = new Api(api.baseUrl, 10_000);
  const users: DrillUser[] = [];
  for (const email of context.emails) users.push(await login(client, email, DEMO_PASSWORD));
  return { env, api, workers, client, users };
}

async function stopStack(checks: Checks, api: StartedApi, workers: NodeService[]): Promise<void> {
  const stops = await Promise.all([api.service, ...workers].map(async (service) => ({ name: service.name, ...(await service.stop()) })));
  checks.check(
    'graceful shutdown on SIGTERM (in-flight requests and jobs finish)',
    stops.every((stop) => stop.graceful),
    stops.map((stop) => `${stop.name} ${stop.graceful ? 'exited' : 'KILLED'} after ${ms(stop.ms)}`).join(', '),
  );
}

/** Connects again once the server answers (after an outage). */
async function reconnect(database: string, timeoutMs = 30_000): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await connectTo(database);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

/** Waits until every reminder of the fixture that is due has been delivered (or the time is up). */
async function waitForDelivery(client: pg.Client, fixture: Fixture, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const analysis = await analyseFixture(client, fixture, new Date());
    if (analysis.lost === 0 && analysis.notDueYet === 0) return;
    await sleep(1000);
  }
}

const statusCounts = (samples: Sample[]) => {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    const key = sample.status === 0 ? `no answer (${sample.error})` : String(sample.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status}×${n}`)
    .join(', ');
};
const latency = (samples: Sample[]) => distribution(samples.map((sample) => sample.end - sample.start));
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const within = (samples: Sample[], from: number, to: number) => samples.filter((sample) => sample.start >= from && sample.start < to);

/** Writer flows done, none abandoned, and nothing created that the client does not know of (idempotency keys). */
async function checkFlows(checks: Checks, client: pg.Client, load: LoadDriver, users: DrillUser[], since: Date): Promise<void> {
  const flows = load.flows;
  const done = flows.filter((flow) => flow.state === 'done');
  const problems = flows.filter((flow) => flow.state !== 'done');
  checks.check(
    'every hand-off flow (case → hand-off → accept) completed, retrying with its Idempotency-Key',
    problems.length === 0 && done.length > 0,
    `${done.length} done (${done.filter((flow) => flow.accepted).length} accepted), ${flows.reduce((sum, flow) => sum + flow.replays, 0)} replayed answers` +
      (problems.length ? `; NOT done: ${problems.map((flow) => `${flow.state} ${flow.problem ?? ''}`).join('; ')}` : ''),
  );
  const refusals = flows.reduce((sum, flow) => sum + flow.inProgressRefusals, 0);
  const senders = users.map((user) => user.userId);
  const knownCases = new Set(flows.flatMap((flow) => (flow.caseId ? [flow.caseId] : [])));
  const knownHandoffs = new Set(flows.flatMap((flow) => (flow.handoffId ? [flow.handoffId] : [])));
  const { rows: cases } = await client.query<{ id: string }>(
    `SELECT id FROM cases WHERE created_by_id = ANY($1::uuid[]) AND created_at >= $2`,
    [senders, since],
  );
  const { rows: handoffs } = await client.query<{ id: string; case_id: string }>(
    `SELECT id, case_id FROM handoffs WHERE sender_id = ANY($1::uuid[]) AND created_at >= $2`,
    [senders, since],
  );
  const unknownCases = cases.filter((row) => !knownCases.has(row.id));
  const unknownHandoffs = handoffs.filter((row) => !knownHandoffs.has(row.id));
  const perCase = new Map<string, number>();
  for (const row of handoffs) perCase.set(row.case_id, (perCase.get(row.case_id) ?? 0) + 1);
  const doubled = [...perCase].filter(([, n]) => n > 1);
  checks.check(
    'nothing created twice: every case and hand-off in the database is one the client was answered with',
    unknownCases.length === 0 && unknownHandoffs.length === 0 && doubled.length === 0,
    `${cases.length} cases and ${handoffs.length} hand-offs created; unknown to the client: ${unknownCases.length} cases, ` +
      `${unknownHandoffs.length} hand-offs; cases with more than one hand-off: ${doubled.length}` +
      (refusals ? `; ${refusals} answers were 409 idempotency-in-progress` : ''),
  );
  const { stuck, answerLost } = await unansweredIdempotencyKeys(client, since);
  checks.check(
    'every Idempotency-Key holds its answer: none left claimed without one (a retry would get 409 for 24 hours)',
    stuck.length === 0 && answerLost.length === 0,
    (stuck.length ? `${stuck.length} stuck: ${stuck.map((row) => row.key).join(', ')}` : 'none stuck') +
      `; ${answerLost.length} carried out without their answer stored (a retry would get 409 idempotency-answer-lost)`,
  );
}

function checkInvariants(checks: Checks, before: Violations, after: Violations): void {
  for (const { rule, ids, baseline } of newViolations(before, after)) {
    checks.check(
      rule,
      ids.length === 0,
      ids.length
        ? `${ids.length} new violation(s), e.g. ${ids.slice(0, 3).join(', ')}`
        : `holds${baseline ? ` (${baseline} in the demo seed already)` : ''}`,
    );
  }
}

// ---- (a) Postgres stopped and started under load ---------------------------------------------------

async function postgresDrill(
  context: Context,
  options: { outageMs: number; mode: 'fast' | 'immediate' | 'smart'; force: boolean },
): Promise<Checks> {
  const { step } = context;
  const checks = new Checks('postgres');
  console.log(`\n=== Drill (a): Postgres stopped for ${seconds(options.outageMs)} (${options.mode}) under load ===`);
  const stack = await startStack(context, 'pg', { WORKER_POLL_INTERVAL_MS: 500 }, 1);
  const { api, workers, client: http, users } = stack;
  const apiPid = api.service.pid;
  const workerPid = workers[0].pid;
  step(`API (pid ${apiPid}) and worker (pid ${workerPid}) ready, DATABASE_CONNECT_TIMEOUT_MS=${context.connectTimeoutMs}`);
  let db = await connectTo(context.database);
  const since = new Date();
  const before = await findViolations(db);
  const warmupMs = 10_000;
  // Reminders that fall due while Postgres is down: delivered after it is back, each once.
  const fixture = await createFixture(db, {
    tag: `pgdown-${Date.now().toString(36)}`,
    subjects: 25,
    organisations: 4,
    dueFrom: new Date(Date.now() + warmupMs + 2000),
    spreadMs: Math.max(1000, options.outageMs - 3000),
  });
  await db.end();
  step(`${fixture.reminders} reminders (one recipient each) will fall due while Postgres is down`);

  const load = new LoadDriver(http, users, { readers: 4, writers: 3, pauseMs: 20, acceptShare: 0.5 });
  const started = Date.now();
  load.start();
  step(`load: 4 readers (case list, case, incoming hand-offs, inbox) and 3 writers (case → hand-off → accept) as ${users.length} users`);
  await sleep(warmupMs);

  const others = await otherSessions([context.database]);
  if (others.length && !options.force) {
    await load.stop(5000);
    await stopStack(checks, api, workers);
    checks.check(
      'no other clients on this Postgres (someone else would lose their connections)',
      false,
      `${others.length} other session(s): ${[...new Set(others.map((other) => other.database))].join(', ')}; not stopping Postgres (use --force to override)`,
    );
    return checks;
  }
  const stopAt = Date.now();
  step(`stopping Postgres: pg_ctlcluster --skip-systemctl-redirect ${postgresVersion()} main stop -m ${options.mode}`);
  postgresStopped = true;
  let downAt = stopAt;
  let startAt: number;
  let upAt: number;
  const readiness: string[] = [];
  try {
    const stopped = postgresCluster('stop', options.mode);
    downAt = Date.now();
    if (!stopped.ok) throw new Error(`pg_ctlcluster stop failed: ${stopped.output}`);
    step(`Postgres is down (stopping took ${ms(downAt - stopAt)}); load goes on`);
    while (Date.now() < downAt + options.outageMs) {
      const ready = await http.call('GET', '/health/ready', 'GET /health/ready');
      readiness.push(`${ready.status} ${JSON.stringify(ready.body?.checks ?? {})}`);
      await sleep(1000);
    }
    step(`/health/ready while down: ${[...new Set(readiness)].join(' | ')}`);
  } finally {
    startAt = Date.now();
    const result = postgresCluster('start');
    upAt = Date.now();
    postgresStopped = !result.ok;
    step(result.ok ? `Postgres started again (start took ${ms(upAt - startAt)})` : `STARTING POSTGRES FAILED: ${result.output}`);
  }
  await sleep(20_000);
  step('stopping the load; running flows finish (retrying) first');
  await load.stop(30_000);
  const ended = Date.now();

  const samples = http.samples.filter((sample) => sample.start >= started);
  const baseline = within(samples, started, stopAt);
  const down = within(samples, downAt, startAt);
  const inFlight = samples.filter((sample) => sample.start < downAt && sample.end > stopAt);
  const after = within(samples, upAt, ended);
  const settled = within(samples, upAt + 5000, ended);
  const firstSuccess = after.filter((sample) => sample.status >= 200 && sample.status < 300).sort((a, b) => a.end - b.end)[0];
  console.log(
    `  before the outage: ${baseline.length} requests, ${statusCounts(baseline)}; latency p50 ${ms(latency(baseline).p50)} p99 ${ms(latency(baseline).p99)}`,
  );
  console.log(`  in flight at the stop: ${inFlight.length} requests, ${statusCounts(inFlight)}`);
  console.log(
    `  while down: ${down.length} requests, ${statusCounts(down)}; latency p50 ${ms(latency(down).p50)} p99 ${ms(latency(down).p99)} max ${ms(latency(down).max)}`,
  );
  console.log(`  after the restart: ${after.length} requests, ${statusCounts(after)}`);

  checks.check(
    'before the outage the API serves the load without errors',
    baseline.length >= 50 && baseline.every((sample) => sample.status > 0 && sample.status < 500),
    `${baseline.length} requests: ${statusCounts(baseline)}`,
  );
  checks.check(
    'while Postgres is down every request is answered (none hangs)',
    down.length >= 20 && down.every((sample) => sample.status !== 0),
    `${down.length} requests: ${statusCounts(down)}`,
  );
  const not503 = down.filter((sample) => sample.type !== '/problems/idempotency-in-progress' && !(sample.status === 503 && sample.problem));
  checks.check(
    'while Postgres is down the API answers 503 application/problem+json',
    down.length > 0 && not503.length === 0,
    not503.length
      ? `${not503.length} other answers: ${statusCounts(not503)} (${[...new Set(not503.map((s) => s.route))].join(', ')})`
      : `all ${down.length} were 503 ${[...new Set(down.flatMap((s) => (s.type ? [s.type] : [])))].join(', ')}`,
  );
  checks.check(
    'while Postgres is down /health/ready answers 503 naming the database',
    readiness.length > 0 && readiness.every((answer) => answer.startsWith('503') && answer.includes('"database":"down"')),
    [...new Set(readiness)].join(' | '),
  );
  const downLatency = latency(down);
  checks.check(
    `while Postgres is down the answers come quickly (max ≤ DATABASE_CONNECT_TIMEOUT_MS + 1 s = ${ms(context.connectTimeoutMs + 1000)})`,
    downLatency.max <= context.connectTimeoutMs + 1000,
    `p50 ${ms(downLatency.p50)}, p99 ${ms(downLatency.p99)}, max ${ms(downLatency.max)}`,
  );
  const fiveHundreds = samples.filter((sample) => sample.status === 500);
  checks.check(
    'no 500 at any moment (a lost database is a 503, not an internal error)',
    fiveHundreds.length === 0,
    fiveHundreds.length ? `${fiveHundreds.length}× 500 on ${[...new Set(fiveHundreds.map((s) => s.route))].join(', ')}` : 'none',
  );
  checks.check(
    'the API and the worker recover by themselves (same processes, no restart)',
    api.service.alive && api.service.pid === apiPid && workers[0].alive && workers[0].pid === workerPid && Boolean(firstSuccess),
    `API pid ${apiPid} ${api.service.alive ? 'alive' : 'DEAD'}, worker pid ${workerPid} ${workers[0].alive ? 'alive' : 'DEAD'}; ` +
      `first success ${firstSuccess ? `${ms(firstSuccess.end - upAt)} after Postgres was back` : 'NEVER'}`,
  );
  checks.check(
    'from 5 s after the restart on, no request fails',
    settled.length >= 50 && settled.every((sample) => sample.status > 0 && sample.status < 500),
    `${settled.length} requests: ${statusCounts(settled)}`,
  );

  db = await reconnect(context.database);
  try {
    await waitForDelivery(db, fixture, 60_000);
    const delivered = await analyseFixture(db, fixture, new Date());
    checks.check(
      'reminders that fell due during the outage are delivered after it, each exactly once',
      delivered.delivered === fixture.reminders &&
        delivered.lost === 0 &&
        delivered.duplicated === 0 &&
        delivered.early === 0 &&
        delivered.silent === 0,
      `${delivered.delivered}/${fixture.reminders} delivered, ${delivered.lost} lost, ${delivered.duplicated} duplicated, ${delivered.early} early; ` +
        `lateness max ${ms(delivered.lateness.max)}`,
    );
    await checkFlows(checks, db, load, users, since);
    checkInvariants(checks, before, await findViolations(db));
  } finally {
    await db.end();
  }
  const verify = await runCli(
    ['audit:verify'],
    productEnv({ DATABASE_URL: databaseUrl(context.database), REDIS_URL: context.redis.url }),
    context.runDir,
  ).then(
    (output) => ({ ok: true, output }),
    (error: Error) => ({ ok: false, output: error.message }),
  );
  checks.check('the audit log hash chains verify (audit:verify)', verify.ok, verify.output.trim().split('\n').at(-1) ?? '');
  await stopStack(checks, api, workers);
  return checks;
}

// ---- (c) Postgres unreachable without refusing (a partition), under load ---------------------------

async function partitionDrill(context: Context, options: { outageMs: number }): Promise<Checks> {
  const { step } = context;
  const checks = new Checks('partition');
  console.log(`\n=== Drill (c): the database silent for ${seconds(options.outageMs)} (a partition: nothing refused, nothing answered) ===`);
  const server = new URL(POSTGRES_SERVER);
  const proxy = await PartitionProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
  const viaProxy = `postgres://${server.username || 'postgres'}@127.0.0.1:${proxy.port}/${context.database}`;
  const stack = await startStack(context, 'partition', { WORKER_POLL_INTERVAL_MS: 500, DATABASE_URL: viaProxy }, 1);
  const { api, workers, client: http, users } = stack;
  const pids = [api.service.pid, workers[0].pid];
  step(`API and worker reach Postgres through a TCP proxy on port ${proxy.port} (Postgres itself is not touched)`);
  const db = await connectTo(context.database);
  const since = new Date();
  const before = await findViolations(db);
  const warmupMs = 10_000;
  const fixture = await createFixture(db, {
    tag: `partition-${Date.now().toString(36)}`,
    subjects: 25,
    organisations: 4,
    dueFrom: new Date(Date.now() + warmupMs + 2000),
    spreadMs: Math.max(1000, options.outageMs - 3000),
  });
  const load = new LoadDriver(http, users, { readers: 4, writers: 3, pauseMs: 20, acceptShare: 0.5 });
  const started = Date.now();
  load.start();
  step(`load running; ${fixture.reminders} reminders will fall due during the partition`);
  await sleep(warmupMs);
  const readiness: string[] = [];
  proxy.partition();
  const partitionedAt = Date.now();
  step(`partition: the proxy forwards nothing and answers no new connection (${proxy.connections} connections held)`);
  let healedAt: number;
  try {
    while (Date.now() < partitionedAt + options.outageMs) {
      const ready = await http.call('GET', '/health/ready', 'GET /health/ready');
      readiness.push(`${ready.status} ${JSON.stringify(ready.body?.checks ?? {})}`);
      await sleep(1000);
    }
  } finally {
    proxy.heal();
    healedAt = Date.now();
  }
  step('partition healed: held bytes and connections go through');
  await sleep(20_000);
  await load.stop(30_000);
  const ended = Date.now();

  const samples = http.samples.filter((sample) => sample.start >= started);
  const during = within(samples, partitionedAt, healedAt).filter((sample) => sample.route !== 'GET /health/ready');
  const settled = within(samples, healedAt + 5000, ended);
  const duringLatency = latency(during);
  // A request's first query either waits for a connection (connect timeout) or gets no answer on one (query timeout).
  const boundMs = Math.max(context.connectTimeoutMs, context.queryTimeoutMs) + 1000;
  const hung = during.filter((sample) => sample.end - sample.start > boundMs);
  console.log(
    `  during the partition: ${during.length} requests, ${statusCounts(during)}; latency p50 ${ms(duringLatency.p50)} p99 ${ms(duringLatency.p99)} max ${ms(duringLatency.max)}`,
  );
  checks.check(
    `during the partition every request is answered within max(DATABASE_CONNECT_TIMEOUT_MS, DATABASE_QUERY_TIMEOUT_MS) + 1 s = ${ms(boundMs)} (none hangs)`,
    during.length >= 10 && hung.length === 0,
    `${during.length} requests, ${hung.length} took longer (${statusCounts(hung) || 'none'}); p50 ${ms(duringLatency.p50)}, max ${ms(duringLatency.max)}`,
  );
  // Answered while it lasted; a repeated POST whose first attempt still runs gets 409 idempotency-in-progress, as it should.
  const answered = during.filter((sample) => sample.end < healedAt && sample.type !== '/problems/idempotency-in-progress');
  const not503 = answered.filter((sample) => !(sample.status === 503 && sample.problem));
  checks.check(
    'during the partition the API answers 503 application/problem+json',
    answered.length > 0 && not503.length === 0,
    not503.length
      ? `${not503.length} of ${answered.length} answers were not: ${statusCounts(not503)}`
      : `all ${answered.length} answers were 503 (${during.length - answered.length} answered only after it or refused as in progress)`,
  );
  checks.check(
    'during the partition /health/ready answers 503 naming the database',
    readiness.length > 0 && readiness.every((answer) => answer.startsWith('503') && answer.includes('"database":"down"')),
    [...new Set(readiness)].join(' | '),
  );
  const fiveHundreds = samples.filter((sample) => sample.status === 500);
  checks.check(
    'no 500 at any moment',
    fiveHundreds.length === 0,
    fiveHundreds.length ? `${fiveHundreds.length}× 500 on ${[...new Set(fiveHundreds.map((sample) => sample.route))].join(', ')}` : 'none',
  );
  checks.check(
    'the API and the worker recover by themselves; from 5 s after the partition on no request fails',
    api.service.alive &&
      workers[0].alive &&
      api.service.pid === pids[0] &&
      workers[0].pid === pids[1] &&
      settled.length >= 50 &&
      settled.every((sample) => sample.status > 0 && sample.status < 500),
    `${settled.length} requests: ${statusCounts(settled)}`,
  );
  await waitForDelivery(db, fixture, 60_000);
  const delivered = await analyseFixture(db, fixture, new Date());
  checks.check(
    'reminders that fell due during the partition are delivered after it, each exactly once',
    delivered.delivered === fixture.reminders && delivered.lost === 0 && delivered.duplicated === 0 && delivered.early === 0,
    `${delivered.delivered}/${fixture.reminders} delivered, ${delivered.duplicated} duplicated; lateness max ${ms(delivered.lateness.max)}`,
  );
  await checkFlows(checks, db, load, users, since);
  checkInvariants(checks, before, await findViolations(db));
  await db.end();
  await stopStack(checks, api, workers);
  await proxy.close();
  return checks;
}

// ---- (b) Redis flushed, then killed and restarted, under load ----------------------------------------

async function redisDrill(context: Context): Promise<Checks> {
  const { step, redis } = context;
  const checks = new Checks('redis');
  console.log('\n=== Drill (b): Redis flushed, then killed and restarted empty, under load ===');
  const stack = await startStack(context, 'redis', {}, 2);
  const { api, workers, client: http, users } = stack;
  const pids = [api.service, ...workers].map((service) => service.pid);
  step(`API and 2 workers ready on the private Redis ${redis.url} (prefix drillredis)`);
  const db = await connectTo(context.database);
  const since = new Date();
  const before = await findViolations(db);
  const fixture = await createFixture(db, {
    tag: `redis-${Date.now().toString(36)}`,
    subjects: 1000,
    organisations: 10,
    dueFrom: new Date(Date.now() + 5000),
    spreadMs: 40_000,
  });
  // Two crowds more, due all at once just before the flush and just before the kill: jobs are running
  // and queued in numbers when Redis loses them.
  const flushPlanned = fixture.dueFrom.getTime() + 8000;
  const killPlanned = flushPlanned + 12_000;
  const crowds = [
    await createFixture(db, {
      tag: `redis-flush-${Date.now().toString(36)}`,
      subjects: 400,
      organisations: 4,
      dueFrom: new Date(flushPlanned - 300),
      spreadMs: 0,
    }),
    await createFixture(db, {
      tag: `redis-kill-${Date.now().toString(36)}`,
      subjects: 400,
      organisations: 4,
      dueFrom: new Date(killPlanned - 300),
      spreadMs: 0,
    }),
  ];
  step(
    `${count(fixture.reminders)} reminders (one recipient each) fall due over the next ${seconds(45_000)}, ` +
      `and ${count(crowds[0].reminders)} each at once just before the flush and just before the kill`,
  );
  const load = new LoadDriver(http, users, { readers: 4, writers: 3, pauseMs: 20, acceptShare: 0.5 });
  const started = Date.now();
  load.start();
  const admin = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
  admin.on('error', () => undefined);
  const probe = new QueueProbe(redis.url, 'drillredis');
  let reconciledBefore: number;
  let flushAt: number;
  let killAt: number;
  let restartAt: number;
  try {
    await sleep(flushPlanned - Date.now());
    reconciledBefore = workers.flatMap((worker) => worker.linesMatching(/Redis holds no queue epoch/)).length;
    const queued = await probe.counts();
    await admin.connect();
    await admin.flushall();
    flushAt = Date.now();
    admin.disconnect();
    step(`FLUSHALL (the queues held ${queued.delayed} delayed, ${queued.waiting} waiting, ${queued.active} active jobs)`);
    await sleep(killPlanned - Date.now());
    const queuedAtKill = await probe.counts();
    await redis.kill();
    killAt = Date.now();
    step(
      `redis-server killed (SIGKILL) holding ${queuedAtKill.delayed} delayed, ${queuedAtKill.waiting} waiting, ${queuedAtKill.active} active jobs; down for 5 s`,
    );
    await sleep(5000);
    await redis.start();
    restartAt = Date.now();
    step('redis-server started again, empty, on the same port');
  } finally {
    admin.disconnect();
  }
  await sleep(Math.max(0, fixture.dueUntil.getTime() - Date.now()));
  step('all reminders are due; waiting for the workers to deliver them');
  for (const each of [fixture, ...crowds]) await waitForDelivery(db, each, 90_000);
  await load.stop(30_000);
  const ended = Date.now();

  const analyses = [];
  for (const each of [fixture, ...crowds]) analyses.push(await analyseFixture(db, each, new Date()));
  const analysis = {
    reminders: sum(analyses.map((a) => a.reminders)),
    delivered: sum(analyses.map((a) => a.delivered)),
    lost: sum(analyses.map((a) => a.lost)),
    duplicated: sum(analyses.map((a) => a.duplicated)),
    early: sum(analyses.map((a) => a.early)),
    silent: sum(analyses.map((a) => a.silent)),
  };
  const { rows: aroundFaults } = await db.query<{ late: number | null; n: number }>(
    `SELECT max(extract(epoch FROM r.settled_at - r.due_at) * 1000) AS late, count(*)::int AS n
       FROM reminders r JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = c.organisation_id
      WHERE o.name LIKE $1 AND r.kind IN ('handoff_response_due', 'case_follow_up') AND r.due_at BETWEEN $2 AND $3`,
    [fixture.organisations, new Date(killAt), new Date(restartAt)],
  );
  const [spread, atFlush, atKill] = analyses;
  const late = (a: DeliveryAnalysis) => `p50 ${ms(a.lateness.p50)}, p99 ${ms(a.lateness.p99)}, max ${ms(a.lateness.max)}`;
  checks.check(
    'every reminder is delivered, none lost, none twice, none early',
    analysis.delivered === analysis.reminders &&
      analysis.lost === 0 &&
      analysis.duplicated === 0 &&
      analysis.early === 0 &&
      analysis.silent === 0,
    `${count(analysis.delivered)}/${count(analysis.reminders)} delivered, ${analysis.lost} lost, ${analysis.duplicated} duplicated, ` +
      `${analysis.early} early, ${analysis.silent} without notification; lateness of the spread ones ${late(spread)} ` +
      `(max ${ms(Number(aroundFaults[0].late))} for the ${aroundFaults[0].n} due while Redis was down); ` +
      `of the crowd at the flush ${late(atFlush)}; of the crowd at the kill ${late(atKill)}`,
  );
  const reconciled = workers.flatMap((worker) => worker.linesMatching(/Redis holds no queue epoch/)).slice(reconciledBefore);
  checks.check(
    'the workers noticed both losses and re-enqueued from Postgres',
    reconciled.length >= 2,
    `${reconciled.length} "Redis holds no queue epoch … re-enqueueing" log lines: ${reconciled
      .map((line) => (/re-enqueueing (\d+) reminders/.exec(line) ?? [])[1] ?? '?')
      .join(', ')} reminders`,
  );
  const schedulers = await probe.schedulers();
  checks.check(
    'the repeatable jobs are registered again, once each',
    JSON.stringify(schedulers) === JSON.stringify(['lead-digest', 'retention']),
    schedulers.join(', ') || 'none',
  );
  const queue = await probe.counts();
  checks.check(
    'nothing left behind in the reminder queue',
    queue.waiting === 0 && queue.active === 0 && queue.prioritized === 0,
    `waiting ${queue.waiting}, active ${queue.active}, delayed ${queue.delayed}, failed ${queue.failed}`,
  );
  const alive = [api.service, ...workers].every((service, i) => service.alive && service.pid === pids[i]);
  checks.check(
    'the API and both workers kept running (no restart)',
    alive,
    [api.service, ...workers].map((s) => `${s.name} ${s.alive ? 'alive' : 'DEAD'}`).join(', '),
  );
  const samples = http.samples.filter((sample) => sample.start >= started);
  const redisDown = within(samples, killAt, restartAt);
  const fiveHundreds = samples.filter((sample) => sample.status === 500 || sample.status === 0);
  console.log(`  requests during the drill: ${samples.length}, ${statusCounts(samples)}; while Redis was down: ${statusCounts(redisDown)}`);
  checks.check(
    'the API serves the load throughout (no 500, no unanswered request)',
    fiveHundreds.length === 0,
    `${samples.length} requests: ${statusCounts(samples)}`,
  );
  await checkFlows(checks, db, load, users, since);
  checkInvariants(checks, before, await findViolations(db));
  await db.end();
  await probe.close();
  await stopStack(checks, api, workers);
  console.log(
    `  timeline: flush +${seconds(flushAt - started)}, kill +${seconds(killAt - started)}, restart +${seconds(restartAt - started)}, end +${seconds(ended - started)}`,
  );
  return checks;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    ensurePostgresStarted();
    process.exit(1);
  },
);
