import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ENDPOINTS, GROUPS, type Endpoint, type ServerName } from './endpoints';
import {
  chooseFixture,
  Database,
  hasCases,
  login,
  postgresCounters,
  tableCounts,
  vacuumIfNeeded,
  walkCursors,
  type Fixture,
  type Role,
} from './fixtures';
import { busyCores, residentMb, runNode, startNode, stop, stopAll, waitForOk, type Child } from './processes';
import { countStatementsPerRequest } from './query-count';
import { evaluateTargets, ratios, renderConsole, renderMarkdown, type BenchResults, type RunResult } from './report';
import { measure, measureGroup, round, type Load, type Measurement } from './runner';
import { runSoak, SOAK_TARGET_MINUTES, type SoakContext } from './soak';
import { runSweep } from './sweep';

/**
 * `npm run bench`: builds, makes sure the benchmark database holds the large data set, starts the
 * API and the worker in production mode and the bare baselines, drives them with autocannon,
 * and writes the results to bench/results/<time>.{json,md}. See bench/README.md.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCRIPTS = {
  cli: path.join(ROOT, 'dist/apps/cli/src/main.js'),
  api: path.join(ROOT, 'dist/apps/api/src/main.js'),
  worker: path.join(ROOT, 'dist/apps/worker/src/main.js'),
  nodePg: path.join(ROOT, 'dist/bench/src/baselines/node-pg-server.js'),
  fastify: path.join(ROOT, 'dist/bench/src/baselines/bare-fastify-server.js'),
  nest: path.join(ROOT, 'dist/bench/src/baselines/bare-nest-server.js'),
  memoryProbe: path.join(ROOT, 'dist/bench/src/memory-probe.js'),
};
/**
 * V8 allocation policy of every server process, the API's and the baselines': a ratio then shows what
 * the code costs, not what a runtime flag saves (bench/README.md, "Allocation-site pretenuring").
 * BENCH_BASELINE_NODE_ARGS replaces it for the baselines.
 */
const ALLOCATION_NODE_ARGS = ['--no-allocation-site-pretenuring'];
/**
 * Node options of the API process: the production setting of docker/Dockerfile's CMD (V8 heap sizes,
 * see bench/README.md, "Memory"). BENCH_API_NODE_ARGS replaces them (space-separated; empty for V8's
 * defaults), to compare settings.
 */
const API_NODE_ARGS = ['--max-old-space-size=192', '--heap-growing-percent=100', ...ALLOCATION_NODE_ARGS];
const RESULTS = path.join(ROOT, 'bench/results');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cc_bench';
/** Alternating slices in which the sides of a ratio are measured. */
const GROUP_SLICES = 4;
/** Page of GET /cases?limit=50 compared with page 1 (keyset pagination). */
const DEEP_PAGE = 1000;

interface Options {
  durationSeconds: number;
  warmupSeconds: number;
  only: Set<string> | null;
  sections: Section[];
  soakMinutes: number;
  /** --soak-compare=ARGS: Node options of a second API process driven alongside in the soak. */
  soakCompare: string[] | null;
}

/** What a section gets: the running servers, the data set's fixture, and the results to add to. */
interface Bench {
  options: Options;
  databaseUrl: string;
  database: Database;
  /** Environment of the API and worker processes. */
  env: NodeJS.ProcessEnv;
  urls: Record<ServerName, string>;
  pids: Record<ServerName, number>;
  fixture: Fixture;
  logDir: string;
  ports: { countedApi: number; comparedApi: number };
  runs: RunResult[];
  queryCount: BenchResults['queryCount'];
  worker: { pid: number };
  /** Files the memory probe (memory-probe.ts) of the API and the worker append to. */
  probeFiles: { api: string; worker: string };
  apiNodeArgs: string[];
  soak: BenchResults['soak'];
  sweep: BenchResults['sweep'];
}

/**
 * The parts of a benchmark run. `npm run bench` runs the default ones; `npm run bench -- --flag`
 * runs only the sections named. A reminder burst (--burst) or a soak (--soak) is another entry here.
 */
interface Section {
  flag: string;
  summary: string;
  byDefault: boolean;
  run(bench: Bench): Promise<void>;
}

const SECTIONS: Section[] = [
  {
    flag: '--load',
    summary: 'the endpoints of endpoints.ts against the API and the bare baselines, then the SQL statements per request',
    byDefault: true,
    run: runLoad,
  },
  {
    flag: '--sweep',
    summary: 'every GET route once per filter, one request at a time, slowest first (a route that reads a whole table shows here)',
    byDefault: false,
    run: runSweepSection,
  },
  {
    flag: '--soak',
    summary: `mixed load for --soak-minutes (default ${SOAK_TARGET_MINUTES}), the API's and worker's resident set every 10 s, and its trend`,
    byDefault: false,
    run: runSoakSection,
  },
];

const USAGE = `Usage: npm run bench [-- options]
  ${SECTIONS.map((s) => `${s.flag.padEnd(16)} ${s.summary}${s.byDefault ? ' (default)' : ''}`).join('\n  ')}
  --duration=S     seconds per measured run (default 10)
  --warmup=S       seconds of warm-up before each run, not counted (default 2)
  --only=ID,...    only these runs of the load section (ids: ${ENDPOINTS.map((e) => e.id).join(', ')})
  --soak-minutes=N length of the soak (default ${SOAK_TARGET_MINUTES}; with --load, the soak runs after it)
  --soak-compare="ARGS"  also start an API with these Node options (empty: V8's defaults) and drive it at the same time
Environment: BENCH_DATABASE_URL (default ${DEFAULT_DATABASE_URL}), BENCH_SCALE (seeding only, default 1),
  BENCH_PORT (first of six ports, default 3100–3105; 3104 serves --soak-compare), REDIS_URL; other API settings (e.g. DATABASE_POOL_SIZE) pass through;
  BENCH_API_NODE_ARGS replaces the API's Node options (default ${API_NODE_ARGS.join(' ')}; empty: V8's defaults),
  BENCH_BASELINE_NODE_ARGS the bare baselines' (default ${ALLOCATION_NODE_ARGS.join(' ')}).`;

/** Node options from a space-separated environment variable (empty: none, V8's defaults), or the default when it is unset. */
function nodeArgsFrom(variable: string, defaults: string[]): string[] {
  const given = process.env[variable];
  return given === undefined ? defaults : given.split(/\s+/).filter(Boolean);
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    durationSeconds: 10,
    warmupSeconds: 2,
    only: null,
    sections: [],
    soakMinutes: SOAK_TARGET_MINUTES,
    soakCompare: null,
  };
  for (const argument of argv) {
    if (argument.startsWith('--soak-compare=')) {
      options.soakCompare = argument.slice('--soak-compare='.length).split(/\s+/).filter(Boolean);
      continue;
    }
    const [flag, value] = argument.split('=', 2);
    const section = SECTIONS.find((s) => s.flag === flag);
    if (section && value === undefined) options.sections.push(section);
    else if (flag === '--duration' && Number(value) > 0) options.durationSeconds = Number(value);
    else if (flag === '--warmup' && Number(value) >= 0) options.warmupSeconds = Number(value);
    else if (flag === '--soak-minutes' && Number(value) > 0) options.soakMinutes = Number(value);
    else if (flag === '--only' && value) {
      options.only = new Set(value.split(','));
      const unknown = [...options.only].filter((id) => !ENDPOINTS.some((e) => e.id === id));
      if (unknown.length) throw new UsageError(`Unknown run id ${unknown.join(', ')}.`);
    } else if (flag === '--help') throw new UsageError('');
    else throw new UsageError(`Unknown or malformed option ${argument}.`);
  }
  if (options.sections.length === 0) options.sections = SECTIONS.filter((s) => s.byDefault);
  // In the table's order: the load first, then the soak.
  options.sections.sort((a, b) => SECTIONS.indexOf(a) - SECTIONS.indexOf(b));
  return options;
}

class UsageError extends Error {}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const logDir = path.join(RESULTS, `${stamp}-logs`);
  await mkdir(logDir, { recursive: true });
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const basePort = Number(process.env.BENCH_PORT ?? 3100);
  const ports = {
    api: basePort,
    nodePg: basePort + 1,
    fastify: basePort + 2,
    countedApi: basePort + 3,
    comparedApi: basePort + 4,
    nest: basePort + 5,
  };
  const loadAverageAtStart = os.loadavg().map((value) => round(value, 2));
  for (const port of Object.values(ports)) await assertPortFree(port);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(ports.api),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(48).toString('base64'),
    // As in production: one access-log line per request (the processes write their logs to files themselves).
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
    REDIS_KEY_PREFIX: 'bench',
    // The longest the API allows, so that tokens outlive the whole run.
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    // All load comes from one address: the per-address limit on sign-ins would stop the login run.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  };

  // 1. The data set.
  step(`Database ${redact(databaseUrl)}: migrations`);
  await runNode([SCRIPTS.cli, 'migrate'], env);
  const database = await Database.connect(databaseUrl);
  try {
    let seedSeconds: number | null = null;
    let seedSecondsFrom: string | null = null;
    const seededThisRun = !(await hasCases(database));
    if (seededThisRun) {
      const scale = process.env.BENCH_SCALE;
      step(`Seeding the large data set${scale ? ` at scale ${scale}` : ''} (about 2.5 minutes at full scale)`);
      const begun = performance.now();
      // --force: the CLI refuses to seed with NODE_ENV=production (public passwords), which is what the
      // bench runs with; this database holds no cases, so there is nothing for --force to overwrite.
      await runNode([SCRIPTS.cli, 'seed:large', '--force', ...(scale ? [`--scale=${scale}`] : [])], env);
      seedSeconds = (performance.now() - begun) / 1000;
    } else {
      step('The database holds the data set already: reusing it (drop the database to seed it again)');
      if (process.env.BENCH_SCALE) console.log(`  BENCH_SCALE=${process.env.BENCH_SCALE} is ignored: nothing is seeded.`);
      ({ seedSeconds, seedSecondsFrom } = await previousSeedTime(databaseUrl));
    }
    const vacuum = await vacuumIfNeeded(database);
    if (vacuum.vacuumed.length) {
      console.log(
        `  VACUUM (ANALYZE) ${vacuum.vacuumed.join(', ')}: past their autovacuum thresholds, or visibility maps mostly unset (autovacuum is ${vacuum.autovacuum} on this server)`,
      );
    }
    const rows = await tableCounts(database);
    console.log(
      `  ${Object.entries(rows)
        .map(([table, count]) => `${table} ${count.toLocaleString('en-US')}`)
        .join(', ')}`,
    );

    // 2. The API and the worker, as in production; 3. the bare baselines.
    step('Starting the API and the worker (production mode) and the bare baselines');
    const apiNodeArgs = nodeArgsFrom('BENCH_API_NODE_ARGS', API_NODE_ARGS);
    const baselineNodeArgs = nodeArgsFrom('BENCH_BASELINE_NODE_ARGS', ALLOCATION_NODE_ARGS);
    const probeFiles = { api: path.join(logDir, 'api-memory.jsonl'), worker: path.join(logDir, 'worker-memory.jsonl') };
    const api = startNode('API', SCRIPTS.api, { ...env, BENCH_MEMORY_PROBE_FILE: probeFiles.api }, path.join(logDir, 'api.log'), [
      ...apiNodeArgs,
      '--import',
      SCRIPTS.memoryProbe,
    ]);
    const worker = startNode(
      'worker',
      SCRIPTS.worker,
      { ...env, BENCH_MEMORY_PROBE_FILE: probeFiles.worker },
      path.join(logDir, 'worker.log'),
      ['--import', SCRIPTS.memoryProbe],
    );
    const poolSize = process.env.DATABASE_POOL_SIZE ?? '10';
    const nodePg = startNode(
      'node:http+pg baseline',
      SCRIPTS.nodePg,
      {
        PATH: process.env.PATH,
        PORT: String(ports.nodePg),
        DATABASE_URL: databaseUrl,
        JWT_SECRET: env.JWT_SECRET,
        DATABASE_POOL_SIZE: poolSize,
      },
      path.join(logDir, 'baseline-node-pg.log'),
      baselineNodeArgs,
    );
    const fastify = startNode(
      'bare Fastify baseline',
      SCRIPTS.fastify,
      { PATH: process.env.PATH, PORT: String(ports.fastify) },
      path.join(logDir, 'baseline-fastify.log'),
      baselineNodeArgs,
    );
    const nest = startNode(
      'bare Nest baseline',
      SCRIPTS.nest,
      { PATH: process.env.PATH, PORT: String(ports.nest) },
      path.join(logDir, 'baseline-nest.log'),
      baselineNodeArgs,
    );
    const urls: Record<ServerName, string> = {
      api: `http://127.0.0.1:${ports.api}`,
      nodePg: `http://127.0.0.1:${ports.nodePg}`,
      fastify: `http://127.0.0.1:${ports.fastify}`,
      nest: `http://127.0.0.1:${ports.nest}`,
    };
    await waitForOk(`${urls.api}/api/v1/health/ready`, api);
    await waitForOk(`${urls.nodePg}/ready`, nodePg);
    await waitForOk(`${urls.fastify}/live`, fastify);
    await waitForOk(`${urls.nest}/api/v1/health/live`, nest);
    await assertRunning(worker);
    console.log(
      `  API pid ${api.pid} (node ${apiNodeArgs.join(' ') || 'with V8 defaults'}), worker pid ${worker.pid}; logs in ${path.relative(ROOT, logDir)}/`,
    );

    // 4. Who signs in, which cases and hand-offs the requests use.
    step('Choosing the fixture, signing in, walking the list to page 1,000');
    const chosen = await chooseFixture(database, { handoffCases: 20_000, caseIds: 5_000 });
    const tokens = {} as Record<Role, string>;
    for (const [role, email] of Object.entries(chosen.emails) as [Role, string][]) tokens[role] = await login(`${urls.api}/api/v1`, email);
    const deepPage = await walkCursors(`${urls.api}/api/v1/cases?limit=50`, tokens.counsellor, DEEP_PAGE);
    const fixture: Fixture = { ...chosen, tokens, deepPage, counts: rows };
    console.log(
      `  counsellor ${fixture.emails.counsellor} (${fixture.sender.name}, ${fixture.sender.cases.toLocaleString('en-US')} cases), ` +
        `receiver ${fixture.emails.receiver} (${fixture.receiver.name}); page ${deepPage.number} reached`,
    );

    const parity = await compareAnswers(urls, fixture);
    console.log(
      `  baseline answers ${parity.same ? 'equal' : 'DIFFER from'} the API's for GET /cases and GET /cases/:id${parity.same ? '' : `: ${parity.detail}`}`,
    );

    const bench: Bench = {
      options,
      databaseUrl,
      database,
      env,
      urls,
      pids: { api: api.pid, nodePg: nodePg.pid, fastify: fastify.pid, nest: nest.pid },
      fixture,
      logDir,
      ports,
      runs: [],
      queryCount: null,
      worker: { pid: worker.pid },
      probeFiles,
      apiNodeArgs,
      soak: null,
      sweep: null,
    };
    for (const section of options.sections) await section.run(bench);
    await assertRunning(api);
    await assertRunning(worker);

    // 6. The report.
    const finished = new Date();
    const [postgres] = await database.query<{ version: string; maxWalSize: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('max_wal_size') AS "maxWalSize"`,
    );
    const apiRss = bench.runs.filter((run) => run.server === 'api' && run.measurement.rssMb).map((run) => run.measurement.rssMb!.max);
    if (bench.soak) apiRss.push(bench.soak.api.maxMb);
    const partial: Omit<BenchResults, 'targets'> = {
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      totalSeconds: round((finished.getTime() - started.getTime()) / 1000, 1),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: round(os.totalmem() / 2 ** 30, 1),
        node: process.versions.node,
        postgres: `PostgreSQL ${postgres.version}`,
        postgresMaxWalSize: postgres.maxWalSize,
        loadAverageAtStart,
      },
      settings: {
        durationSeconds: options.durationSeconds,
        warmupSeconds: options.warmupSeconds,
        database: new URL(databaseUrl).pathname.slice(1),
        apiPoolSize: Number(poolSize),
        apiNodeArgs,
        baselineNodeArgs,
        sections: options.sections.map((s) => s.flag),
      },
      dataSet: {
        seededThisRun,
        seedSeconds: seedSeconds === null ? null : round(seedSeconds, 1),
        seedSecondsFrom,
        rows,
        autovacuum: vacuum.autovacuum,
        vacuumed: vacuum.vacuumed,
      },
      fixture: {
        sender: fixture.sender,
        receiver: fixture.receiver,
        deepPage: fixture.deepPage.number,
        handoffCases: fixture.handoffCases.length,
        pendingHandoffs: fixture.pendingHandoffs.length,
      },
      runs: bench.runs,
      ratios: ratios(bench.runs),
      queryCount: bench.queryCount,
      soak: bench.soak,
      sweep: bench.sweep,
      baselineAnswers: parity,
      apiRssMaxMb: apiRss.length ? Math.max(...apiRss) : null,
    };
    const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
    await writeFile(path.join(RESULTS, `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(path.join(RESULTS, `${stamp}.md`), renderMarkdown(results));
    console.log(`\n${renderConsole(results)}`);
    console.log(`Results: bench/results/${stamp}.json and .md`);
  } finally {
    await database.close();
  }
}

/** 5. The timed runs, then the statements per request. */
async function runLoad(bench: Bench): Promise<void> {
  const endpoints = ENDPOINTS.filter((endpoint) => !bench.options.only || bench.options.only.has(endpoint.id));
  step(
    `${endpoints.length} runs of ${bench.options.warmupSeconds} + ${bench.options.durationSeconds} s (the sides of a ratio in ${GROUP_SLICES} alternating slices each)`,
  );
  const selected = new Set(endpoints.map((endpoint) => endpoint.id));
  for (const endpoint of endpoints) {
    if (bench.runs.some((run) => run.id === endpoint.id)) continue; // measured with its group
    const group = GROUPS.find((ids) => ids[0] === endpoint.id)
      ?.filter((id) => selected.has(id))
      .map((id) => ENDPOINTS.find((e) => e.id === id)!);
    if (group && group.length > 1) bench.runs.push(...(await runGroup(bench, group)));
    else bench.runs.push(await runEndpoint(bench, endpoint));
  }

  step('Counting SQL statements per request (a second API process behind a counting proxy)');
  try {
    bench.queryCount = await countStatementsPerRequest({
      fixture: bench.fixture,
      env: bench.env,
      databaseUrl: bench.databaseUrl,
      port: bench.ports.countedApi,
      apiScript: SCRIPTS.api,
      logFile: path.join(bench.logDir, 'api-counted.log'),
    });
    for (const probe of bench.queryCount.probes) console.log(`  ${probe.label.padEnd(40)} ${probe.statements}`);
  } catch (error) {
    // The timed runs are still worth their report.
    console.error(`  The statement count failed: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

/** The soak: mixed load against the API, resident sets every 10 s (soak.ts); with --soak-compare, a second API alongside. */
async function runSweepSection(bench: Bench): Promise<void> {
  step('Sweep: every GET route, one request at a time (median of 5)');
  // After the load runs' writes, as before the runs: what autovacuum would have done by then.
  const { vacuumed } = await vacuumIfNeeded(bench.database);
  if (vacuumed.length) console.log(`  VACUUM (ANALYZE) ${vacuumed.join(', ')} first`);
  bench.sweep = await runSweep({ fixture: bench.fixture, database: bench.database, apiUrl: bench.urls.api });
}

async function runSoakSection(bench: Bench): Promise<void> {
  const compare = bench.options.soakCompare;
  step(
    `Soak: ${bench.options.soakMinutes} minutes of mixed load from 50 clients, resident sets every 10 s` +
      (compare ? `; a second API (node ${compare.join(' ') || 'with V8 defaults'}) under the same load at the same time` : ''),
  );
  let comparison: SoakContext['comparison'] = null;
  let compared: Child | undefined;
  if (compare) {
    const port = bench.ports.comparedApi;
    await assertPortFree(port);
    const probeFile = path.join(bench.logDir, 'api-compared-memory.jsonl');
    compared = startNode(
      'API (compared)',
      SCRIPTS.api,
      { ...bench.env, PORT: String(port), BENCH_MEMORY_PROBE_FILE: probeFile },
      path.join(bench.logDir, 'api-compared.log'),
      [...compare, '--import', SCRIPTS.memoryProbe],
    );
    const url = `http://127.0.0.1:${port}`;
    await waitForOk(`${url}/api/v1/health/ready`, compared);
    comparison = { url, pid: compared.pid, probeFile, nodeArgs: compare };
  }
  try {
    bench.soak = await runSoak({
      fixture: bench.fixture,
      database: bench.database,
      api: { url: bench.urls.api, pid: bench.pids.api, probeFile: bench.probeFiles.api, nodeArgs: bench.apiNodeArgs },
      comparison,
      workerPid: bench.worker.pid,
      minutes: bench.options.soakMinutes,
      log: (line) => console.log(line),
    });
  } finally {
    if (compared) await stop(compared);
  }
}

async function runEndpoint(bench: Bench, endpoint: Endpoint): Promise<RunResult> {
  const prepared = await endpoint.prepare?.({ fixture: bench.fixture, database: bench.database, apiUrl: bench.urls.api });
  if (prepared) console.log(`  ${endpoint.id}: ${prepared}`);
  const backgroundCores = await otherLoad();
  const measurement = await measure(loadOf(bench, endpoint));
  return report(endpoint, measurement, backgroundCores);
}

/** The loads of a ratio group, in alternating slices (see measureGroup). */
async function runGroup(bench: Bench, group: Endpoint[]): Promise<RunResult[]> {
  for (const endpoint of group) {
    const prepared = await endpoint.prepare?.({ fixture: bench.fixture, database: bench.database, apiUrl: bench.urls.api });
    if (prepared) console.log(`  ${endpoint.id}: ${prepared}`);
  }
  const backgroundCores = await otherLoad();
  const measurements = await measureGroup(
    group.map((endpoint) => loadOf(bench, endpoint)),
    GROUP_SLICES,
  );
  return group.map((endpoint, index) => report(endpoint, measurements[index], backgroundCores));
}

function loadOf(bench: Bench, endpoint: Endpoint): Load {
  return {
    url: bench.urls[endpoint.server],
    connections: endpoint.connections,
    rate: endpoint.rate,
    durationSeconds: bench.options.durationSeconds,
    warmupSeconds: bench.options.warmupSeconds,
    request: endpoint.request(bench.fixture),
    pid: bench.pids[endpoint.server],
    postgresCounters: () => postgresCounters(bench.database),
  };
}

/** A second with everything of ours idle: whatever CPU is busy now belongs to other work on the machine. */
async function otherLoad(): Promise<number | null> {
  return (await busyCores(1000)) ?? null;
}

function report(endpoint: Endpoint, m: Measurement, backgroundCores: number | null): RunResult {
  console.log(
    `  ${endpoint.id.padEnd(24)} c=${String(m.connections).padEnd(3)} ${m.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
      `p50 ${m.latencyMs.p50.toFixed(1).padStart(6)}  p95 ${m.latencyMs.p95.toFixed(1).padStart(6)}  p99 ${m.latencyMs.p99.toFixed(1).padStart(6)} ms  ` +
      `errors ${m.errors}${m.exhausted ? '  (fixtures used up)' : ''}  RSS ${m.rssMb?.max.toFixed(0) ?? '?'} MB  ` +
      `CPU ${m.serverCpuMsPerRequest?.toFixed(3) ?? '?'} ms/req  other load ${backgroundCores ?? '?'}` +
      (m.postgres ? `  WAL ${m.postgres.walKbPerRequest.toFixed(1)} kB/req  checkpoints ${m.postgres.checkpoints}` : ''),
  );
  return { id: endpoint.id, label: endpoint.label, server: endpoint.server, note: endpoint.note, backgroundCores, measurement: m };
}

/** Whether the node:http+pg baseline answers the list and the single case with the same JSON as the API. */
async function compareAnswers(urls: Record<ServerName, string>, fixture: Fixture): Promise<{ same: boolean; detail: string }> {
  const headers = { authorization: `Bearer ${fixture.tokens.counsellor}` };
  const body = async (url: string) => JSON.stringify(await (await fetch(url, { headers })).json());
  for (const [api, baseline] of [
    [`${urls.api}/api/v1/cases?status=active&limit=50`, `${urls.nodePg}/cases?status=active&limit=50`],
    [`${urls.api}/api/v1/cases/${fixture.caseIds[0]}`, `${urls.nodePg}/cases/${fixture.caseIds[0]}`],
  ]) {
    const [ours, bare] = [await body(api), await body(baseline)];
    if (ours !== bare)
      return { same: false, detail: `${new URL(api).pathname}: API ${ours.slice(0, 300)} … baseline ${bare.slice(0, 300)} …` };
  }
  return { same: true, detail: '' };
}

/** The seeding time of the newest earlier run that seeded the same database, if any. */
async function previousSeedTime(databaseUrl: string): Promise<{ seedSeconds: number | null; seedSecondsFrom: string | null }> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const files = (await readdir(RESULTS))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .reverse();
  for (const file of files) {
    try {
      const earlier = JSON.parse(await readFile(path.join(RESULTS, file), 'utf8')) as BenchResults;
      if (earlier.settings.database === name && earlier.dataSet.seededThisRun && earlier.dataSet.seedSeconds !== null) {
        return { seedSeconds: earlier.dataSet.seedSeconds, seedSecondsFrom: `seeded by the run of ${earlier.startedAt}` };
      }
    } catch {
      // not a results file of this format
    }
  }
  return { seedSeconds: null, seedSecondsFrom: null };
}

async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (inUse) throw new Error(`Port ${port} is in use; stop what listens there or set BENCH_PORT (the bench uses six ports from it).`);
}

async function assertRunning(child: Child): Promise<void> {
  if (child.hasExited()) throw new Error(`${child.name} exited (${await child.exited}); see ${child.logFile}`);
  if ((await residentMb(child.pid)) === undefined) throw new Error(`${child.name} (pid ${child.pid}) is not running`);
}

function step(text: string): void {
  console.log(`\n== ${text}`);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping the servers.`);
    void stopAll().finally(() => process.exit(130));
  });
}

void main()
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      if (error.message) console.error(`${error.message}\n${USAGE}`);
      else console.log(USAGE);
      process.exitCode = error.message ? 2 : 0;
    } else {
      console.error(`Benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  })
  .finally(() => stopAll());
