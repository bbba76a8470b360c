/**
 * `npm run bench:burst`: reminder punctuality in normal operation (a trickle) and 100,000 reminders
 * falling due in the same minute (the burst), delivered by real worker processes (dist/) from a
 * database of their own (cc_burst) through a redis-server of their own. Targets (quality.md):
 * trickle p99 lateness under 1 s; burst all delivered within 2 minutes, 0 lost, 0 duplicated.
 * Options: see USAGE; README in drills/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { CpuAccount, machineCpuMs, pidsOf } from './support/cpu';
import { connectTo, recreateDatabase } from './support/db';
import { analyseFixture, createFixture, fixtureProgress, type DeliveryAnalysis, type Fixture } from './support/fixtures';
import { databaseUrl } from './support/paths';
import { NodeService, PrivateRedis, productEnv, runCli, sleep, startWorker } from './support/processes';
import { summariseProfile, type ProfileSummary } from './support/profile-summary';
import { JobOutcomes, QueueProbe, type QueueCounts } from './support/queue-probe';
import { count, fileStamp, ms, numberOption, parseArgs, seconds, stepLogger, table, writeResults } from './support/report';

const USAGE = `Usage: npm run bench:burst [-- options]
  --reminders=100000      reminders in the burst (half hand-off response-due, half case follow-up)
  --spread-ms=60000       burst due times spread over this window (0: all at the same instant)
  --lead-ms=60000         time between the burst entering the worker's horizon and its first due time
  --workers=2             worker processes
  --concurrency=25        WORKER_CONCURRENCY of each worker
  --pool=<concurrency+5>  DATABASE_POOL_SIZE of each worker
  --poll-ms=1000          WORKER_POLL_INTERVAL_MS
  --trickle=200           reminders of the punctuality run (0: skip), spread over --trickle-window-ms=60000
  --organisations=100     fixture organisations (each with one housing counsellor and one lead)
  --max-wait-ms=300000    give up this long after the last due time
  --database=cc_burst     the database (dropped and created again)
  --results=bench/results folder for burst-<timestamp>.json/.md
  --cpu-profile           sample worker 1 with the inspector; summary in the results
  --job-events            count job outcomes from BullMQ's event stream (adds load)
  --skip-burst            only the trickle`;

interface PhaseResult {
  name: string;
  reminders: number;
  analysis: DeliveryAnalysis;
  /** Last delivery minus first due time. */
  drainMs: number;
  /** Deliveries per second between the first and the last delivery. */
  ratePerSecond: number;
  /** From the moment the reminders entered the horizon until all were handed to BullMQ. */
  enqueueMs: number | null;
  timeline: { t: number; notEnqueued: number; scheduled: number }[];
  cpu: Record<string, number>;
  /** Time each group's processes were runnable but waiting for a CPU. */
  cpuWait: Record<string, number>;
  /** CPU of the busiest other processes on the machine, by command name. */
  otherProcesses: Record<string, number>;
  machineBusyMs: number;
  windowMs: number;
  queue: QueueCounts;
  failedJobs: string[];
  jobOutcomes?: { returned: Record<string, number>; failed: number; retries: number };
}

async function main(): Promise<number> {
  const { flags, values } = parseArgs(process.argv.slice(2));
  if (flags.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const reminders = numberOption(values, 'reminders', 100_000);
  const spreadMs = numberOption(values, 'spread-ms', 60_000);
  const leadMs = numberOption(values, 'lead-ms', 60_000);
  // Two workers of 25 drained faster on the 2-core machine than one of 50 or two of 50 (drills/README.md).
  const workerCount = Math.max(1, numberOption(values, 'workers', 2));
  const concurrency = Math.max(1, numberOption(values, 'concurrency', 25));
  const pool = Math.max(1, numberOption(values, 'pool', concurrency + 5));
  const pollMs = numberOption(values, 'poll-ms', 1000);
  const trickle = numberOption(values, 'trickle', 200);
  const trickleWindowMs = numberOption(values, 'trickle-window-ms', 60_000);
  const organisations = Math.max(2, numberOption(values, 'organisations', 100));
  const maxWaitMs = numberOption(values, 'max-wait-ms', 300_000);
  const database = values.get('database') ?? 'cc_burst';
  const resultsDir = values.get('results') ?? 'bench/results';
  const origin = Date.now();
  const step = stepLogger(origin);
  const stamp = fileStamp();
  const runDir = mkdtempSync(join(tmpdir(), 'reminder-burst-'));
  const keyPrefix = `burst${Date.now().toString(36)}`;

  const idle = machineCpuMs();
  await sleep(3000);
  const busyBefore = (machineCpuMs().busy - idle.busy) / 3000;
  if (busyBefore > 0.25) {
    step(
      `WARNING: the machine is already busy (${Math.round(busyBefore * 100)}% of one core before the start): ` +
        'another benchmark or test run shares the 2 cores, so these figures will be pessimistic',
    );
  }
  step(`database ${database}: dropping, creating and migrating (node dist/apps/cli/src/main.js migrate)`);
  await recreateDatabase(database);
  const baseEnv = productEnv({ DATABASE_URL: databaseUrl(database), LOG_LEVEL: 'warn' });
  await runCli(['migrate'], baseEnv, runDir);

  const redis = await PrivateRedis.start();
  step(`private redis-server on ${redis.url} (no persistence, noeviction), key prefix ${keyPrefix}`);
  const workerEnv = productEnv({
    DATABASE_URL: databaseUrl(database),
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: keyPrefix,
    WORKER_CONCURRENCY: concurrency,
    DATABASE_POOL_SIZE: pool,
    WORKER_POLL_INTERVAL_MS: pollMs,
    LOG_LEVEL: 'info',
  });
  const profilePath = flags.has('cpu-profile') ? join(runDir, 'worker-1.cpuprofile') : undefined;
  const workers: NodeService[] = [];
  const client = await connectTo(database, 600_000);
  const probe = new QueueProbe(redis.url, keyPrefix);
  const phases: PhaseResult[] = [];
  let profile: ProfileSummary | undefined;
  try {
    for (let i = 1; i <= workerCount; i++) {
      workers.push(await startWorker(workerEnv, { logDir: runDir, cwd: runDir }, `worker-${i}`, i === 1 ? profilePath : undefined));
    }
    step(
      `${workerCount} worker(s) ready: WORKER_CONCURRENCY=${concurrency}, DATABASE_POOL_SIZE=${pool}, WORKER_POLL_INTERVAL_MS=${pollMs}`,
    );

    if (trickle > 0) {
      const subjects = Math.max(1, Math.round(trickle / 2));
      const fixture = await createFixture(client, {
        tag: `trickle-${Date.now().toString(36)}`,
        subjects,
        organisations: Math.min(organisations, 10),
        dueFrom: new Date(Date.now() + 5000),
        spreadMs: trickleWindowMs,
      });
      step(`trickle: ${fixture.reminders} reminders due between +5 s and +${Math.round((5000 + trickleWindowMs) / 1000)} s`);
      phases.push(await observe('trickle', fixture, client, workers, redis, probe, step, { maxWaitMs, sinceEntered: Date.now() }));
      report(phases.at(-1)!, step);
    }

    if (!flags.has('skip-burst')) {
      const subjects = Math.round(reminders / 2);
      // Written due two days ahead (outside the 10-minute horizon), then moved into the window in one
      // UPDATE: the whole burst enters the worker's horizon at one moment, like reminders created days ago.
      const parked = new Date(Date.now() + 2 * 86_400_000);
      step(`burst: writing ${count(2 * subjects)} reminders (${count(subjects)} hand-offs, ${count(subjects)} cases) by set-based SQL`);
      const written = Date.now();
      const fixture = await createFixture(client, {
        tag: `burst-${Date.now().toString(36)}`,
        subjects,
        organisations,
        dueFrom: parked,
        spreadMs,
      });
      step(`burst: written in ${seconds(Date.now() - written)}; moving them into the window`);
      const dueFrom = new Date(Date.now() + leadMs);
      const shift = parked.getTime() - dueFrom.getTime();
      await client.query(
        `UPDATE reminders SET due_at = due_at - $1::float8 * interval '1 millisecond'
          WHERE kind IN ('handoff_response_due', 'case_follow_up') AND due_at >= $2 AND due_at <= $3`,
        [shift, fixture.dueFrom, fixture.dueUntil],
      );
      const entered = Date.now();
      const moved: Fixture = { ...fixture, dueFrom, dueUntil: new Date(dueFrom.getTime() + spreadMs) };
      step(
        `burst: ${count(moved.reminders)} reminders due ${moved.dueFrom.toISOString()} … ${moved.dueUntil.toISOString()} (in ${seconds(dueFrom.getTime() - Date.now())})`,
      );
      const outcomes = flags.has('job-events') ? new JobOutcomes(redis.url, keyPrefix, () => dueFrom.getTime()) : undefined;
      await outcomes?.ready();
      try {
        phases.push(await observe('burst', moved, client, workers, redis, probe, step, { maxWaitMs, sinceEntered: entered }));
      } finally {
        await sleep(1000);
        if (outcomes) {
          phases.at(-1)!.jobOutcomes = {
            returned: Object.fromEntries(outcomes.returned),
            failed: outcomes.failed,
            retries: outcomes.retries,
          };
          await outcomes.close();
        }
      }
      report(phases.at(-1)!, step);
    }

    if (profilePath) {
      writeFileSync(`${profilePath}.stop`, '');
      for (let i = 0; i < 50; i++) {
        try {
          profile = summariseProfile(profilePath);
          break;
        } catch {
          await sleep(200);
        }
      }
    }
  } finally {
    for (const worker of workers) {
      const stopped = await worker.stop();
      step(`${worker.name} stopped (${stopped.graceful ? 'gracefully' : 'KILLED'} after ${ms(stopped.ms)}), log: ${worker.logFile}`);
    }
    await probe.close();
    await client.end().catch(() => undefined);
    await redis.kill();
  }

  const settings = {
    reminders,
    spreadMs,
    leadMs,
    workers: workerCount,
    concurrency,
    pool,
    pollMs,
    organisations,
    database,
    busyBeforeStart: `${Math.round(busyBefore * 100)}% of one core`,
  };
  const outcome = summarise(phases, settings, profile);
  console.log(`\n${outcome.text}`);
  const files = writeResults(resultsDir, `burst-${stamp}`, { settings, phases, profile, targets: outcome.targets }, outcome.markdown);
  console.log(`\nResults: ${files.json}\n         ${files.markdown}`);
  console.log(`Worker logs: ${runDir} (deleted when all targets are met)`);
  console.log(`Database ${database} kept for inspection; drop it with: psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE ${database}'`);
  const failed = outcome.targets.filter((target) => !target.met);
  if (failed.length === 0) rmSync(runDir, { recursive: true, force: true });
  return failed.length === 0 ? 0 : 1;
}

/** Watches a fixture drain: progress every second, CPU per process group, until all are delivered or time is up. */
async function observe(
  name: string,
  fixture: Fixture,
  client: pg.Client,
  workers: NodeService[],
  redis: PrivateRedis,
  probe: QueueProbe,
  step: (message: string) => void,
  options: { maxWaitMs: number; sinceEntered: number },
): Promise<PhaseResult> {
  const timeline: PhaseResult['timeline'] = [];
  const cpu = new CpuAccount();
  const deadline = fixture.dueUntil.getTime() + options.maxWaitMs;
  let enqueueMs: number | null = null;
  let lastPrint = 0;
  const started = Date.now();
  for (;;) {
    cpu.sample({
      workers: workers.map((worker) => worker.pid),
      redis: redis.pid ? [redis.pid] : [],
      // Every Postgres process: the workers' backends, the WAL writer, the checkpointer, autovacuum (and anyone else's backends).
      postgres: pidsOf('postgres'),
      monitor: [process.pid],
    });
    const progress = await fixtureProgress(client, fixture);
    const t = Date.now() - fixture.dueFrom.getTime();
    timeline.push({ t, notEnqueued: progress.notEnqueued, scheduled: progress.scheduled });
    if (enqueueMs === null && progress.notEnqueued === 0) enqueueMs = Date.now() - options.sinceEntered;
    if (Date.now() - lastPrint >= 5000) {
      lastPrint = Date.now();
      step(
        `${name}: ${t < 0 ? `${seconds(-t)} before the first due time` : `${seconds(t)} after the first due time`}: ` +
          `${count(fixture.reminders - progress.scheduled)} delivered, ${count(progress.scheduled)} scheduled ` +
          `(${count(progress.notEnqueued)} not yet in BullMQ)`,
      );
    }
    const dead = workers.filter((worker) => !worker.alive);
    if (dead.length) throw new Error(`${dead.map((worker) => worker.name).join(', ')} died:\n${dead[0].lastLines()}`);
    if (progress.scheduled === 0 && Date.now() >= fixture.dueUntil.getTime()) break;
    if (Date.now() > deadline) {
      step(`${name}: giving up ${seconds(options.maxWaitMs)} after the last due time with ${count(progress.scheduled)} still scheduled`);
      break;
    }
    await sleep(1000);
  }
  // Late duplicates would show up after the drain; give stragglers (retries, second runs) a moment.
  await sleep(2000);
  const analysis = await analyseFixture(client, fixture, new Date());
  const drainMs = analysis.lastSettled ? analysis.lastSettled.getTime() - fixture.dueFrom.getTime() : Number.NaN;
  const activeMs = analysis.lastSettled && analysis.firstSettled ? analysis.lastSettled.getTime() - analysis.firstSettled.getTime() : 0;
  return {
    name,
    reminders: fixture.reminders,
    analysis,
    drainMs,
    ratePerSecond: activeMs > 0 ? analysis.delivered / (activeMs / 1000) : Number.NaN,
    enqueueMs,
    timeline,
    cpu: Object.fromEntries(cpu.used),
    cpuWait: Object.fromEntries(cpu.waited),
    otherProcesses: Object.fromEntries([...cpu.others].sort((a, b) => b[1] - a[1]).slice(0, 5)),
    machineBusyMs: cpu.machineBusyMs(),
    windowMs: Date.now() - started,
    queue: await probe.counts(),
    failedJobs: await probe.failedReasons(),
  };
}

function report(phase: PhaseResult, step: (message: string) => void): void {
  const a = phase.analysis;
  step(
    `${phase.name}: ${count(a.delivered)}/${count(phase.reminders)} delivered, lost ${a.lost}, duplicated ${a.duplicated}, ` +
      `lateness p50 ${ms(a.lateness.p50)} p99 ${ms(a.lateness.p99)} max ${ms(a.lateness.max)}`,
  );
}

interface Target {
  target: string;
  measured: string;
  met: boolean;
}

function summarise(
  phases: PhaseResult[],
  settings: Record<string, string | number>,
  profile?: ProfileSummary,
): { text: string; markdown: string; targets: Target[] } {
  const rows = phases.map((phase) => {
    const a = phase.analysis;
    return [
      phase.name,
      count(phase.reminders),
      count(a.delivered),
      seconds(phase.drainMs),
      `${count(phase.ratePerSecond)}/s`,
      ms(a.lateness.p50),
      ms(a.lateness.p95),
      ms(a.lateness.p99),
      ms(a.lateness.max),
      count(a.lost),
      count(a.duplicated),
      count(a.early),
      count(a.silent),
      phase.enqueueMs === null ? '–' : seconds(phase.enqueueMs),
      count(phase.queue.failed),
    ];
  });
  const results = table(
    [
      'phase',
      'reminders',
      'delivered',
      'drain',
      'rate',
      'late p50',
      'late p95',
      'late p99',
      'late max',
      'lost',
      'dup',
      'early',
      'silent',
      'enqueue',
      'failed jobs',
    ],
    rows,
  );
  const cpuRows = phases.map((phase) => {
    const seconds = phase.windowMs / 1000;
    const share = (value: number | undefined) =>
      `${((value ?? 0) / 1000).toFixed(1)} s (${(((value ?? 0) / 1000 / seconds) * 100).toFixed(0)}%)`;
    const ours = (phase.cpu.workers ?? 0) + (phase.cpu.postgres ?? 0) + (phase.cpu.redis ?? 0) + (phase.cpu.monitor ?? 0);
    return [
      phase.name,
      `${seconds.toFixed(0)} s`,
      share(phase.cpu.workers),
      share(phase.cpu.postgres),
      share(phase.cpu.redis),
      share(phase.cpu.monitor),
      share(Math.max(0, phase.machineBusyMs - ours)),
      share(phase.machineBusyMs),
    ];
  });
  const cpu = table(
    ['phase', 'window', 'workers', 'postgres (all processes)', 'redis', 'this monitor', 'everything else', 'machine busy (2 cores = 200%)'],
    cpuRows,
  );
  const others = phases
    .map(
      (phase) =>
        `${phase.name}: other busy processes: ${
          Object.entries(phase.otherProcesses)
            .filter(([, used]) => used >= 1000)
            .map(([command, used]) => `${command} ${(used / 1000).toFixed(1)} s`)
            .join(', ') || 'none'
        }; waiting for a CPU while runnable: ${Object.entries(phase.cpuWait)
          .map(([group, waited]) => `${group} ${(waited / 1000).toFixed(1)} s`)
          .join(', ')}`,
    )
    .join('\n');
  const targets: Target[] = [];
  const trickle = phases.find((phase) => phase.name === 'trickle');
  if (trickle) {
    targets.push({
      target: 'trickle: p99 lateness < 1 s',
      measured: ms(trickle.analysis.lateness.p99),
      met: trickle.analysis.lateness.p99 < 1000 && trickle.analysis.lost === 0,
    });
  }
  const burst = phases.find((phase) => phase.name === 'burst');
  if (burst) {
    targets.push(
      {
        target: 'burst: all delivered within 2 minutes of the first due time',
        measured: seconds(burst.drainMs),
        met: burst.analysis.delivered === burst.reminders && burst.drainMs <= 120_000,
      },
      {
        target: 'burst: each delivered within 2 minutes of its own due time (max lateness)',
        measured: ms(burst.analysis.lateness.max),
        met: burst.analysis.delivered === burst.reminders && burst.analysis.lateness.max <= 120_000,
      },
      { target: 'burst: 0 lost', measured: count(burst.analysis.lost), met: burst.analysis.lost === 0 },
      { target: 'burst: 0 duplicated', measured: count(burst.analysis.duplicated), met: burst.analysis.duplicated === 0 },
    );
  }
  for (const phase of phases) {
    targets.push({
      target: `${phase.name}: nothing delivered early or without its notification`,
      measured: `${phase.analysis.early} early, ${phase.analysis.silent} silent`,
      met: phase.analysis.early === 0 && phase.analysis.silent === 0,
    });
  }
  const targetTable = table(
    ['target (quality.md)', 'measured', 'met'],
    targets.map((target) => [target.target, target.measured, target.met ? 'yes' : 'NO']),
  );
  const outcomes = phases
    .filter((phase) => phase.jobOutcomes)
    .map((phase) => `${phase.name} job outcomes: ${JSON.stringify(phase.jobOutcomes)}`)
    .join('\n');
  const profileText = profile
    ? table(
        [
          `worker-1 CPU by area (self time; ${count(profile.busyMs)} ms busy of ${count(profile.totalMs)} ms sampled)`,
          'ms',
          'share of busy',
        ],
        profile.byArea.slice(0, 12).map((area) => [area.area, count(area.ms), `${area.share}%`]),
      )
    : undefined;
  const functionsText = profile
    ? table(
        ['worker-1 hottest functions (self time)', 'area', 'ms', 'share of busy'],
        profile.topFunctions.map((fn) => [fn.fn, fn.area, count(fn.ms), `${fn.share}%`]),
      )
    : undefined;
  const settingsLine = Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  const text = [
    `Reminder burst (${settingsLine})`,
    '',
    results.text,
    '',
    cpu.text,
    others,
    '',
    targetTable.text,
    outcomes,
    profileText ? `\n${profileText.text}\n\n${functionsText!.text}` : '',
  ].join('\n');
  const markdown = [
    `# Reminder burst ${new Date().toISOString()}`,
    '',
    `Settings: ${settingsLine}. Lateness = settled_at − due_at per reminder; drain = last delivery − first due time;`,
    'rate = deliveries per second between the first and the last delivery; enqueue = from entering the horizon until all are in BullMQ.',
    '',
    results.markdown,
    '',
    '## CPU during each phase',
    '',
    cpu.markdown,
    '',
    others,
    '',
    '## Targets',
    '',
    targetTable.markdown,
    outcomes ? `\n${outcomes}` : '',
    profileText ? `\n## Worker profile\n\n${profileText.markdown}\n\n${functionsText!.markdown}` : '',
  ].join('\n');
  return { text, markdown, targets };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
