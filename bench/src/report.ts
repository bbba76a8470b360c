import type { ServerName } from './endpoints';
import type { Organisation } from './fixtures';
import type { QueryCountResult } from './query-count';
import { round, type Measurement } from './runner';
import {
  SOAK_FLAT_MB_PER_MINUTE,
  SOAK_MEMORY_LIMIT_MB,
  SOAK_SAMPLE_SECONDS,
  SOAK_TARGET_MINUTES,
  type SoakResult,
  type SoakRun,
} from './soak';
import { SWEEP_SLOW_MS, type SweepResult } from './sweep';

export interface RunResult {
  id: string;
  label: string;
  server: ServerName;
  note?: string;
  /** Busy cores of the machine in the idle second before the run: other work competing with the benchmark. */
  backgroundCores: number | null;
  measurement: Measurement;
}

export interface Ratio {
  label: string;
  numerator: string;
  denominator: string;
  /** numerator / denominator of requests per second. */
  value: number | null;
  /**
   * Denominator's server CPU per request / numerator's: the share of the baseline's efficiency the
   * numerator keeps, independent of the load generator that shares the machine's cores.
   */
  cpuValue: number | null;
  target: string | null;
  met: boolean | null;
}

export interface TargetCheck {
  figure: string;
  target: string;
  value: string;
  /** null: not measured by this run (another section, or a run left out with --only). */
  met: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  totalSeconds: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    postgres: string;
    /** The server's checkpoint spacing by WAL volume (checkpoints begin about every half of it). */
    postgresMaxWalSize: string;
    loadAverageAtStart: number[];
  };
  settings: {
    durationSeconds: number;
    warmupSeconds: number;
    database: string;
    apiPoolSize: number;
    /** Node options the API ran with (V8 heap sizes, allocation policy). */
    apiNodeArgs: string[];
    /** Node options the bare baselines ran with. */
    baselineNodeArgs: string[];
    sections: string[];
  };
  dataSet: {
    seededThisRun: boolean;
    seedSeconds: number | null;
    seedSecondsFrom: string | null;
    rows: Record<string, number>;
    autovacuum: string;
    vacuumed: string[];
  };
  fixture: {
    sender: Organisation;
    receiver: Organisation;
    deepPage: number;
    handoffCases: number;
    pendingHandoffs: number;
  } | null;
  runs: RunResult[];
  ratios: Ratio[];
  queryCount: QueryCountResult | null;
  /** The soak section (--soak), if it ran. */
  soak: SoakResult | null;
  /** The sweep section (--sweep), if it ran. */
  sweep: SweepResult | null;
  /** Whether the node:http+pg baseline answered GET /cases and GET /cases/:id with the API's JSON. */
  baselineAnswers: { same: boolean; detail: string };
  apiRssMaxMb: number | null;
  targets: TargetCheck[];
}

const SERVER_NAMES: Record<ServerName, string> = { api: 'API', nodePg: 'node:http+pg', fastify: 'bare Fastify', nest: 'bare Nest' };

/** Per-run targets of quality.md, shown next to the figure. */
const RUN_TARGETS: Record<string, { text: string; check: (m: Measurement) => boolean }> = {
  'cases-list': { text: 'p95 < 30 ms', check: (m) => m.latencyMs.p95 < 30 },
  'handoff-create': { text: 'p95 < 50 ms', check: (m) => m.latencyMs.p95 < 50 },
  'dashboard-organisation': { text: 'p95 < 100 ms', check: (m) => m.latencyMs.p95 < 100 },
  'dashboard-network': { text: 'p95 < 300 ms', check: (m) => m.latencyMs.p95 < 300 },
};

const RATIOS: { label: string; numerator: string; denominator: string; target: string | null; check?: (value: number) => boolean }[] = [
  {
    label: 'trivial route, whole stack vs bare Fastify',
    numerator: 'api-trivial',
    denominator: 'fastify-trivial',
    target: '≥ 85%',
    check: (v) => v >= 0.85,
  },
  // Where the trivial route's cost goes: Nest's own (its floor) and what the API adds on top of it.
  {
    label: 'trivial route, bare Nest vs bare Fastify (the framework floor)',
    numerator: 'nest-trivial',
    denominator: 'fastify-trivial',
    target: null,
  },
  { label: 'trivial route, whole stack vs bare Nest', numerator: 'api-trivial', denominator: 'nest-trivial', target: null },
  {
    label: 'GET /cases vs node:http+pg baseline',
    numerator: 'cases-list',
    denominator: 'baseline-cases-list',
    target: '≥ 60%',
    check: (v) => v >= 0.6,
  },
  { label: 'GET /cases/:id vs node:http+pg baseline', numerator: 'case-get', denominator: 'baseline-case-get', target: null },
  {
    label: 'GET /cases page N vs page 1 (keyset)',
    numerator: 'cases-page-deep',
    denominator: 'cases-page-1',
    target: '80%–120%',
    check: (v) => v >= 0.8 && v <= 1.2,
  },
];

const MEMORY_LIMIT_MB = 300;
const FULL_SCALE_CASES = 1_000_000;
/** Other work above this many cores before a run is called out. */
const BUSY_CORES = 0.25;
const SEED_LIMIT_SECONDS = 300;

export function ratios(runs: RunResult[]): Ratio[] {
  const byId = new Map(runs.map((run) => [run.id, run.measurement]));
  return RATIOS.map(({ label, numerator, denominator, target, check }) => {
    const top = byId.get(numerator);
    const bottom = byId.get(denominator);
    const value = top && bottom && bottom.requestsPerSecond > 0 ? round(top.requestsPerSecond / bottom.requestsPerSecond, 3) : null;
    const cpuValue =
      top?.serverCpuMsPerRequest && bottom?.serverCpuMsPerRequest
        ? round(bottom.serverCpuMsPerRequest / top.serverCpuMsPerRequest, 3)
        : null;
    return { label, numerator, denominator, value, cpuValue, target, met: value === null || !check ? null : check(value) };
  });
}

/** Every performance figure of quality.md: measured here, met or not, or said where it is measured. */
export function evaluateTargets(results: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const run = (id: string) => results.runs.find((r) => r.id === id)?.measurement;
  const ratio = (numerator: string) => results.ratios.find((r) => r.numerator === numerator);
  const percent = (value: number | null | undefined) =>
    value === null || value === undefined ? 'not measured' : `${round(value * 100, 1)}%`;
  /** A figure with what bounds it in the same run (a baseline's), when both were measured. */
  const withFloor = <T>(value: string, floor: T | null | undefined, describe: (floor: T) => string) =>
    floor === null || floor === undefined || value.startsWith('not measured') ? value : `${value} (${describe(floor)})`;
  const p95 = (id: string, limit: number, figure: string): TargetCheck => {
    const m = run(id);
    return {
      figure,
      target: `p95 under ${limit} ms`,
      value: m ? `p95 ${m.latencyMs.p95} ms${m.rate ? ` at ${m.rate} requests/s` : ''}` : 'not measured',
      met: m ? m.latencyMs.p95 < limit : null,
    };
  };
  // The paced hand-off run is judged; beside it, what the same route does flat out (bench/README.md, "Hand-offs").
  const withCapacity = (check: TargetCheck, flatOut: Measurement | undefined): TargetCheck =>
    flatOut
      ? {
          ...check,
          value: `${check.value} (flat out from ${flatOut.connections} clients: ${round(flatOut.requestsPerSecond, 0)}/s, p95 ${flatOut.latencyMs.p95} ms)`,
        }
      : check;
  // Below full scale (BENCH_SCALE < 1) the figures are shown but not judged: the targets are for the large data set.
  const fullScale = (results.dataSet.rows.cases ?? 0) >= FULL_SCALE_CASES;
  const list = run('cases-list');
  const listRatio = ratio('cases-list');
  const seed = results.dataSet.seedSeconds;
  const queries = results.queryCount?.list;
  const checks: TargetCheck[] = [
    {
      figure: 'seeding the large data set',
      target: 'under 5 minutes',
      value:
        seed === null
          ? 'not measured (data set reused)'
          : `${round(seed, 1)} s${results.dataSet.seedSecondsFrom ? ` (${results.dataSet.seedSecondsFrom})` : ''}`,
      met: seed === null ? null : seed < SEED_LIMIT_SECONDS,
    },
    {
      figure: 'trivial route through the whole stack vs bare Fastify',
      target: 'at least 85% of its throughput',
      // NestJS's own floor beside it: the part of the gap no application on Nest can close.
      value: withFloor(percent(ratio('api-trivial')?.value), ratio('nest-trivial')?.value, (floor) => `bare Nest: ${percent(floor)}`),
      met: ratio('api-trivial')?.met ?? null,
    },
    {
      figure: 'GET /cases (filtered page of 50), 50 concurrent clients',
      target: 'p95 under 30 ms',
      // The bare baseline's p95 beside it: what the same SQL on this machine allows at all.
      value: list
        ? withFloor(
            `p95 ${list.latencyMs.p95} ms at ${list.connections} clients`,
            run('baseline-cases-list')?.latencyMs.p95,
            (p) => `bare baseline: ${p} ms`,
          )
        : 'not measured',
      met: list ? list.latencyMs.p95 < 30 : null,
    },
    {
      figure: 'GET /cases (filtered page of 50), 50 concurrent clients',
      target: 'throughput at least 60% of the bare baseline',
      value: percent(listRatio?.value),
      met: listRatio?.met ?? null,
    },
    {
      figure: `page ${results.fixture?.deepPage ?? 'N'} of a list vs page 1 (keyset pagination)`,
      target: 'within ±20%',
      value: percent(ratio('cases-page-deep')?.value),
      met: ratio('cases-page-deep')?.met ?? null,
    },
    {
      figure: 'SQL queries per list request as the page size grows from 10 to 100',
      target: 'constant',
      value: queries ? `${queries.limit10} at limit 10, ${queries.limit100} at limit 100` : 'not measured',
      met: queries ? queries.constant : null,
    },
    withCapacity(p95('handoff-create', 50, 'POST /cases/:id/handoffs'), run('handoff-create-saturated')),
    p95('dashboard-organisation', 100, 'organisation dashboard at full scale'),
    p95('dashboard-network', 300, 'network dashboard at full scale'),
    {
      figure: '100,000 reminders falling due in the same minute',
      target: 'all delivered within 2 minutes; 0 lost, 0 duplicated',
      value: 'not measured by this section (reminder burst)',
      met: null,
    },
    {
      figure: 'reminder punctuality in normal operation',
      target: 'p99 lateness under 1 s',
      value: 'not measured by this section',
      met: null,
    },
    {
      figure: 'API memory under sustained load',
      target: `resident set under ${MEMORY_LIMIT_MB} MB`,
      value: results.apiRssMaxMb === null ? 'not measured' : `at most ${results.apiRssMaxMb} MB during these runs`,
      met: results.apiRssMaxMb === null ? null : results.apiRssMaxMb < MEMORY_LIMIT_MB,
    },
    soakCheck(results.soak),
  ];
  if (fullScale) return checks;
  return checks.map((check) => ({
    ...check,
    value: check.value.startsWith('not measured') ? check.value : `${check.value} (below full scale)`,
    met: null,
  }));
}

function soakCheck(soak: SoakResult | null): TargetCheck {
  const target = `flat over ${SOAK_TARGET_MINUTES} minutes`;
  if (!soak) return { figure: 'API memory under sustained load', target, value: 'not measured (run with --soak)', met: null };
  const a = soak.api;
  return {
    figure: 'API memory under sustained load',
    target,
    value:
      `${soak.minutes} min soak: ${a.firstMinuteMeanMb} MB mean in the first minute, ${a.lastMinuteMeanMb} MB in the last, ` +
      `slope ${a.slopeAfterFirstMinuteMbPerMinute ?? '?'} MB/min after the first minute (flat: within ±${SOAK_FLAT_MB_PER_MINUTE}), max ${a.maxMb} MB` +
      (soak.minutes < SOAK_TARGET_MINUTES ? ' (shorter than the target: not judged)' : ''),
    met: soak.flat,
  };
}

const verdict = (met: boolean | null) => (met === null ? '–' : met ? 'met' : 'NOT MET');

function runTable(results: BenchResults): string[][] {
  const header = [
    'endpoint',
    'server',
    'conc.',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
    'RSS MB',
    'CPU ms/req',
    'other load',
    'WAL kB/req',
    'checkpoints',
    'target',
  ];
  const fullScale = (results.dataSet.rows.cases ?? 0) >= FULL_SCALE_CASES;
  const rows = results.runs.map((run) => {
    const m = run.measurement;
    const target = RUN_TARGETS[run.id];
    const label =
      run.id === 'cases-page-deep' && results.fixture ? run.label.replace('page N', `page ${results.fixture.deepPage}`) : run.label;
    return [
      label + (m.exhausted ? ' (fixtures used up early)' : ''),
      SERVER_NAMES[run.server],
      m.rate ? `${m.connections} @ ${m.rate}/s` : String(m.connections),
      m.requestsPerSecond.toFixed(1),
      m.latencyMs.p50.toFixed(1),
      m.latencyMs.p95.toFixed(1),
      m.latencyMs.p99.toFixed(1),
      m.errors ? `${m.errors} (${errorSummary(m)})` : '0',
      m.rssMb ? m.rssMb.max.toFixed(0) : '',
      m.serverCpuMsPerRequest === undefined ? '' : m.serverCpuMsPerRequest.toFixed(3),
      run.backgroundCores === null ? '' : run.backgroundCores.toFixed(2),
      m.postgres ? m.postgres.walKbPerRequest.toFixed(1) : '',
      m.postgres ? String(m.postgres.checkpoints) : '',
      target ? `${target.text}: ${fullScale ? verdict(target.check(m)) : '– (below full scale)'}` : '',
    ];
  });
  return [header, ...rows];
}

function errorSummary(m: Measurement): string {
  const parts = Object.entries(m.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, count]) => `${count}× ${status}`);
  const other = m.errors - parts.reduce((sum, part) => sum + Number(part.split('×')[0]), 0);
  if (other > 0) parts.push(`${other} conn. errors${m.timeouts ? `, ${m.timeouts} timeouts` : ''}`);
  return parts.join(', ');
}

function ratioTable(results: BenchResults): string[][] {
  const fullScale = (results.dataSet.rows.cases ?? 0) >= FULL_SCALE_CASES;
  return [
    ['ratio', 'by requests/s', 'target', '', 'by server CPU per request'],
    ...results.ratios.map((r) => [
      r.label,
      r.value === null ? 'not measured' : `${(r.value * 100).toFixed(1)}%`,
      r.target ?? '',
      verdict(fullScale ? r.met : null),
      r.cpuValue === null ? '' : `${(r.cpuValue * 100).toFixed(1)}%`,
    ]),
  ];
}

function queryTable(results: BenchResults): string[][] {
  if (!results.queryCount) return [];
  return [['request', 'SQL statements per request'], ...results.queryCount.probes.map((p) => [p.label, String(p.statements)])];
}

/** The soak's API against the compared one (--soak-compare), measured at the same time. */
function soakComparisonTable(soak: SoakResult): string[][] {
  if (!soak.comparison) return [];
  const row = (run: SoakRun) => {
    const heapMax = Math.max(0, ...run.samples.map((s) => s.apiHeapTotalMb ?? 0));
    return [
      `node ${run.apiNodeArgs.join(' ') || '(V8 defaults)'}`,
      run.meanRequestsPerSecond.toFixed(1),
      run.medianP95Ms.toFixed(1),
      run.cpuMsPerRequest?.toFixed(3) ?? '',
      String(run.errors),
      run.api.firstMinuteMeanMb.toFixed(1),
      run.api.lastMinuteMeanMb.toFixed(1),
      run.api.maxMb.toFixed(1),
      heapMax.toFixed(1),
      run.api.slopeAfterFirstMinuteMbPerMinute?.toFixed(2) ?? '',
    ];
  };
  const ratio = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)}%` : '');
  const [ours, other] = [soak, soak.comparison];
  return [
    [
      'API process',
      'req/s',
      'median p95 ms',
      'CPU ms/req',
      'errors',
      'RSS 1st min MB',
      'RSS last min MB',
      'RSS max MB',
      'heap total max MB',
      'slope MB/min',
    ],
    row(ours),
    row(other),
    [
      'ratio (first / second)',
      ratio(ours.meanRequestsPerSecond, other.meanRequestsPerSecond),
      ratio(ours.medianP95Ms, other.medianP95Ms),
      ours.cpuMsPerRequest && other.cpuMsPerRequest ? ratio(ours.cpuMsPerRequest, other.cpuMsPerRequest) : '',
      '',
      ratio(ours.api.firstMinuteMeanMb, other.api.firstMinuteMeanMb),
      ratio(ours.api.lastMinuteMeanMb, other.api.lastMinuteMeanMb),
      ratio(ours.api.maxMb, other.api.maxMb),
      '',
      '',
    ],
  ];
}

function soakTable(soak: SoakRun): string[][] {
  const cell = (value: number | null, digits = 0) => (value === null ? '' : value.toFixed(digits));
  return [
    [
      't s',
      'API RSS MB',
      `API max in ${SOAK_SAMPLE_SECONDS} s`,
      'heap total MB',
      'heap used MB',
      'external MB',
      'worker RSS MB',
      'req/s',
      'p95 ms',
      'errors',
    ],
    ...soak.samples.map((s) => [
      String(s.t),
      cell(s.apiRssMb, 1),
      cell(s.apiRssMaxMb, 1),
      cell(s.apiHeapTotalMb, 1),
      cell(s.apiHeapUsedMb, 1),
      cell(s.apiExternalMb, 1),
      cell(s.workerRssMb, 1),
      cell(s.requestsPerSecond, 0),
      cell(s.p95Ms, 1),
      cell(s.errors),
    ]),
  ];
}

function soakTrendTable(soak: SoakResult): string[][] {
  const a = soak.api;
  const mbCell = (value: number | null) => (value === null ? '' : value.toFixed(1));
  return [
    ['resident set', 'first minute MB', 'last minute MB', 'max MB', 'slope MB/min', 'slope after 1st minute MB/min'],
    [
      'API',
      mbCell(a.firstMinuteMeanMb),
      mbCell(a.lastMinuteMeanMb),
      mbCell(a.maxMb),
      a.slopeMbPerMinute.toFixed(2),
      a.slopeAfterFirstMinuteMbPerMinute?.toFixed(2) ?? '',
    ],
    ['worker', mbCell(a.workerFirstMinuteMeanMb), mbCell(a.workerLastMinuteMeanMb), '', a.workerSlopeMbPerMinute?.toFixed(2) ?? '', ''],
  ];
}

function soakSummary(soak: SoakResult): string[] {
  const mix = soak.mix
    .map((m) => `${m.label} ${m.sent.toLocaleString('en-US')}${m.usedUpAtSecond === null ? '' : ` (used up at ${m.usedUpAtSecond} s)`}`)
    .join('; ');
  const statuses = Object.entries(soak.statuses)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
  const verdictText =
    `Verdict against quality.md ("resident set under ${SOAK_MEMORY_LIMIT_MB} MB, flat over ${SOAK_TARGET_MINUTES} minutes"): ` +
    `under ${SOAK_MEMORY_LIMIT_MB} MB ${soak.underLimit ? 'met' : 'NOT MET'} (max ${soak.api.maxMb} MB); flat ${verdict(soak.flat)}` +
    ` (slope after the first minute ${soak.api.slopeAfterFirstMinuteMbPerMinute ?? '?'} MB/min, limit ±${SOAK_FLAT_MB_PER_MINUTE}).`;
  return [
    `Soak: ${soak.minutes} minutes of mixed load from ${soak.connections} clients against the API (node ${soak.apiNodeArgs.join(' ') || 'with V8 defaults'}), ` +
      `${soak.requests.toLocaleString('en-US')} requests, ${soak.meanRequestsPerSecond} req/s on average, ${soak.errors} errors${statuses ? ` (${statuses})` : ''}.`,
    `Requests sent per kind: ${mix}.`,
    verdictText,
  ];
}

function targetTable(results: BenchResults): string[][] {
  return [['quality.md figure', 'target', 'measured', ''], ...results.targets.map((t) => [t.figure, t.target, t.value, verdict(t.met)])];
}

function plain(rows: string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const numeric = (column: number) => rows.slice(1).every((row) => /^[\d.]*$/.test(row[column]));
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) => (numeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
      return index === 0 ? `${line}\n${widths.map((width) => '-'.repeat(width)).join('  ')}` : line;
    })
    .join('\n');
}

function markdown(rows: string[][]): string {
  if (rows.length === 0) return '';
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const [header, ...body] = rows;
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...body.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

function context(results: BenchResults): string[] {
  const lines = [
    `${results.startedAt}: ${results.totalSeconds.toFixed(0)} s in total, ${results.settings.durationSeconds} s per run after ${results.settings.warmupSeconds} s of warm-up.`,
    `Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGb} GB, Node ${results.machine.node}, ${results.machine.postgres}; load average at start ${results.machine.loadAverageAtStart.join(' ')}.`,
    `Data set (database ${results.settings.database}): ${Object.entries(results.dataSet.rows)
      .map(([table, count]) => `${count.toLocaleString('en-US')} ${table}`)
      .join(
        ', ',
      )}; ${results.dataSet.seededThisRun ? 'seeded by this run' : 'reused'}. API pool size ${results.settings.apiPoolSize}; API started as node ${results.settings.apiNodeArgs.join(' ') || '(V8 defaults)'}, the baselines as node ${results.settings.baselineNodeArgs.join(' ') || '(V8 defaults)'}.`,
  ];
  lines.push(
    results.baselineAnswers.same
      ? 'The node:http+pg baseline answers GET /cases and GET /cases/:id with the same JSON as the API.'
      : `The node:http+pg baseline's answers DIFFER from the API's: ${results.baselineAnswers.detail}`,
  );
  if (results.dataSet.vacuumed.length) {
    lines.push(
      `Vacuumed before the runs, as autovacuum would have (past their thresholds, or visibility maps mostly unset; autovacuum ${results.dataSet.autovacuum} on this server): ${results.dataSet.vacuumed.join(', ')}.`,
    );
  }
  const checkpointed = results.runs.filter((run) => (run.measurement.postgres?.checkpoints ?? 0) > 0);
  if (checkpointed.length) {
    lines.push(
      `Postgres began checkpoints during ${checkpointed.length} of ${results.runs.length} runs (column "checkpoints"; max_wal_size ${results.machine.postgresMaxWalSize} on this server, column "WAL kB/req" for what each request wrote, worker included): a checkpoint's writes and its final sync compete with commits, so a write run that overlaps one can show a longer p95 and p99 than the same run without.`,
    );
  }
  const busy = results.runs.filter((run) => (run.backgroundCores ?? 0) >= BUSY_CORES);
  if (busy.length) {
    lines.push(
      `The machine was busy with other work before ${busy.length} of ${results.runs.length} runs (up to ${Math.max(...busy.map((run) => run.backgroundCores!))} of ${results.machine.cpus} cores, column "other load"): absolute figures are lower than on a quiet machine; ratios of runs measured in alternating slices less so.`,
    );
  }
  if (results.fixture) {
    const f = results.fixture;
    lines.push(
      `Requests as a counsellor of "${f.sender.name}" (${f.sender.cases.toLocaleString('en-US')} cases, ${f.sender.activeCases.toLocaleString('en-US')} not closed); hand-offs to "${f.receiver.name}".`,
    );
  }
  return lines;
}

/** The sweep's probes, slowest first. */
function sweepTable(sweep: SweepResult): string[][] {
  return [
    ['request', 'as', 'status', 'median ms', 'max ms', 'limit ms', ''],
    ...[...sweep.probes]
      .sort((a, b) => b.medianMs - a.medianMs)
      .map((p) => [
        `GET ${p.path}`,
        p.role,
        String(p.status),
        p.medianMs.toFixed(1),
        p.maxMs.toFixed(1),
        String(p.limitMs),
        p.medianMs > p.limitMs ? 'SLOW' : '',
      ]),
  ];
}

function sweepSummary(sweep: SweepResult): string[] {
  const slow = sweep.probes.filter((p) => p.medianMs > p.limitMs);
  const failed = sweep.probes.filter((p) => p.status >= 400);
  return [
    `Sweep: ${sweep.probes.length} GET requests on the large data set, each alone (median of 5): ${slow.length ? `${slow.length} above their limit (${SWEEP_SLOW_MS} ms, a dashboard its target): ${slow.map((p) => p.path.split('?')[0]).join(', ')}; look for a table read whole` : 'none above its limit'}${failed.length ? `; ${failed.length} answered an error: ${failed.map((p) => `${p.path} ${p.status}`).join(', ')}` : ''}.`,
    sweep.uncovered.length
      ? `GET routes of the OpenAPI document neither swept nor in the load runs: ${sweep.uncovered.join(', ')} (add them to src/sweep.ts).`
      : 'Every GET route of the OpenAPI document is swept or in the load runs.',
  ];
}

export function renderConsole(results: BenchResults): string {
  const notes = results.runs.filter((run) => run.note).map((run) => `  ${run.label}: ${run.measurement.connections} clients, ${run.note}.`);
  const sql = results.queryCount
    ? `Baseline SQL ${results.queryCount.baselineSql.same ? 'is identical to' : 'DIFFERS from'} the SQL the API sent for the same requests.`
    : '';
  return [
    ...context(results),
    '',
    plain(runTable(results)),
    '',
    plain(ratioTable(results)),
    '',
    plain(queryTable(results)),
    sql,
    '',
    ...(results.soak
      ? [
          plain(soakTable(results.soak)),
          '',
          plain(soakTrendTable(results.soak)),
          ...soakSummary(results.soak),
          '',
          ...(results.soak.comparison
            ? [
                `Compared API (node ${results.soak.comparison.apiNodeArgs.join(' ') || 'with V8 defaults'}), driven at the same time:`,
                plain(soakTable(results.soak.comparison)),
                '',
                plain(soakComparisonTable(results.soak)),
                '',
              ]
            : []),
        ]
      : []),
    ...(results.sweep ? [plain(sweepTable(results.sweep)), ...sweepSummary(results.sweep), ''] : []),
    plain(targetTable(results)),
    '',
    ...(notes.length ? ['Concurrency below 50:', ...notes] : []),
  ].join('\n');
}

export function renderMarkdown(results: BenchResults): string {
  const notes = results.runs.filter((run) => run.note).map((run) => `- ${run.label}: ${run.measurement.connections} clients, ${run.note}.`);
  const sections = [
    `# Benchmark ${results.startedAt}`,
    context(results).join('\n'),
    '## Runs',
    markdown(runTable(results)),
    notes.length ? `Concurrency below 50:\n\n${notes.join('\n')}` : '',
    '## Ratios',
    markdown(ratioTable(results)),
  ];
  if (results.queryCount) {
    sections.push(
      '## SQL statements per request',
      markdown(queryTable(results)),
      results.queryCount.method,
      `Baseline SQL ${results.queryCount.baselineSql.same ? 'is identical to' : '**differs from**'} the SQL the API sent for the same requests.`,
    );
    for (const difference of results.queryCount.baselineSql.differences) {
      sections.push(
        `Expected:\n\n\`\`\`sql\n${difference.expected}\n\`\`\`\n\nSent by the API:\n\n\`\`\`sql\n${difference.actual ?? '(nothing)'}\n\`\`\``,
      );
    }
  }
  if (results.soak) {
    sections.push(
      '## Soak',
      soakSummary(results.soak).join('\n\n'),
      markdown(soakTrendTable(results.soak)),
      markdown(soakTable(results.soak)),
    );
    if (results.soak.comparison) {
      sections.push(
        `### Compared API (node ${results.soak.comparison.apiNodeArgs.join(' ') || 'with V8 defaults'}), driven at the same time`,
        markdown(soakComparisonTable(results.soak)),
        markdown(soakTable(results.soak.comparison)),
      );
    }
  }
  if (results.sweep)
    sections.push(
      '## Every GET route, one request at a time',
      sweepSummary(results.sweep).join('\n\n'),
      markdown(sweepTable(results.sweep)),
    );
  sections.push('## Targets (quality.md, Performance)', markdown(targetTable(results)));
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}
