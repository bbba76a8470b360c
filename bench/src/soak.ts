import { readFile } from 'node:fs/promises';
import { ENDPOINTS } from './endpoints';
import type { Database, Fixture } from './fixtures';
import type { MemoryProbeSample } from './memory-probe';
import { residentMb } from './processes';
import { measure, round, type LoadRequest, type RequestSource } from './runner';

/**
 * The soak (`--soak`): mixed load against the API for N minutes (default 10) from 50 clients, the
 * resident sets of the API and the worker sampled every 10 s, and the trend. The mix reuses the
 * endpoint definitions of endpoints.ts; the weights are requests per 2,000.
 */
export const SOAK_MIX: { id: string; weight: number }[] = [
  { id: 'cases-list', weight: 600 },
  { id: 'case-get', weight: 600 },
  { id: 'handoffs-incoming', weight: 300 },
  { id: 'cases-page-1', weight: 200 },
  { id: 'dashboard-me', weight: 180 },
  { id: 'cases-page-deep', weight: 83 },
  { id: 'handoff-create', weight: 16 },
  { id: 'handoff-accept', weight: 16 },
  { id: 'dashboard-organisation', weight: 2 },
  { id: 'login', weight: 2 },
  { id: 'dashboard-network', weight: 1 },
];
export const SOAK_CONNECTIONS = 50;
export const SOAK_SAMPLE_SECONDS = 10;
/** quality.md: "resident set under 300 MB, flat over 10 minutes". */
export const SOAK_MEMORY_LIMIT_MB = 300;
export const SOAK_TARGET_MINUTES = 10;
/** Flat: the least-squares slope of the API's resident set after the first minute stays within this. */
export const SOAK_FLAT_MB_PER_MINUTE = 1;

export interface SoakSample {
  /** Seconds since the mixed load began (0: just before). */
  t: number;
  apiRssMb: number | null;
  /** Highest resident set of the API in the 10 s before the sample (every 250 ms). */
  apiRssMaxMb: number | null;
  workerRssMb: number | null;
  /** The API's own view (memory probe, at most 2 s old): V8 heap committed and used, memory outside the heap. */
  apiHeapTotalMb: number | null;
  apiHeapUsedMb: number | null;
  apiExternalMb: number | null;
  /** Of the 10 s before the sample. */
  requestsPerSecond: number | null;
  p95Ms: number | null;
  errors: number | null;
}

export interface SoakTrend {
  samples: number;
  firstMinuteMeanMb: number;
  lastMinuteMeanMb: number;
  maxMb: number;
  /** Least-squares slope of the API's resident set over all samples, MB per minute. */
  slopeMbPerMinute: number;
  /** The same after the first minute (heap growing to its working size), which the verdict uses. */
  slopeAfterFirstMinuteMbPerMinute: number | null;
  workerFirstMinuteMeanMb: number | null;
  workerLastMinuteMeanMb: number | null;
  workerSlopeMbPerMinute: number | null;
}

/** One API process under the soak's load: its samples and trend. */
export interface SoakRun {
  /** Node options the API ran with (V8 heap sizes): what the figures are for. */
  apiNodeArgs: string[];
  samples: SoakSample[];
  api: SoakTrend;
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  meanRequestsPerSecond: number;
  /** Median of the 10 s windows' p95. */
  medianP95Ms: number;
  /** CPU time of the API process (user + system) per answered request, ms: includes its garbage collection. */
  cpuMsPerRequest: number | null;
  /** Under SOAK_MEMORY_LIMIT_MB throughout. */
  underLimit: boolean;
  /** Slope after the first minute within ±SOAK_FLAT_MB_PER_MINUTE; null when the soak was shorter than 10 minutes. */
  flat: boolean | null;
}

export interface SoakResult extends SoakRun {
  minutes: number;
  connections: number;
  mix: { id: string; label: string; weight: number; sent: number; usedUpAtSecond: number | null }[];
  /**
   * With --soak-compare: a second API process with other Node options, under the same mix from its own
   * 50 clients at the same time, so that both share the machine alike (each gets about half of it).
   */
  comparison: SoakRun | null;
}

/** An API process the soak drives. */
export interface SoakTarget {
  url: string;
  pid: number;
  probeFile: string;
  nodeArgs: string[];
}

export interface SoakContext {
  fixture: Fixture;
  database: Database;
  api: SoakTarget;
  /** A second API process driven at the same time, to compare Node options (--soak-compare). */
  comparison: SoakTarget | null;
  workerPid: number;
  minutes: number;
  /** Prints progress. */
  log: (line: string) => void;
}

/**
 * One request after another of the mix, spread evenly (smooth weighted round robin); a kind whose
 * fixtures are used up (fresh cases to hand off, pending hand-offs to accept) drops out of the mix.
 */
function mixedSource(context: Pick<SoakContext, 'fixture'>, started: () => number, mix: SoakResult['mix']): RequestSource {
  const entries = mix.map((entry) => {
    const endpoint = ENDPOINTS.find((e) => e.id === entry.id);
    if (!endpoint || endpoint.server !== 'api')
      throw new Error(`The soak's mix names ${entry.id}, which is no API endpoint of endpoints.ts.`);
    return { entry, source: endpoint.request(context.fixture), current: 0, live: true };
  });
  return () => {
    for (;;) {
      const live = entries.filter((e) => e.live);
      if (live.length === 0) return undefined;
      const total = live.reduce((sum, e) => sum + e.entry.weight, 0);
      let chosen = live[0];
      for (const e of live) {
        e.current += e.entry.weight;
        if (e.current > chosen.current) chosen = e;
      }
      chosen.current -= total;
      const request: LoadRequest | undefined = typeof chosen.source === 'function' ? chosen.source() : chosen.source;
      if (request) {
        chosen.entry.sent++;
        return request;
      }
      chosen.live = false;
      chosen.entry.usedUpAtSecond = round((performance.now() - started()) / 1000, 0);
    }
  };
}

/** The API's latest memory probe line, if any. */
async function latestProbe(file: string): Promise<MemoryProbeSample | undefined> {
  try {
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    return JSON.parse(lines.at(-1)!) as MemoryProbeSample;
  } catch {
    return undefined;
  }
}

const MB = 2 ** 20;
const mb = (bytes: number | undefined) => (bytes === undefined ? null : round(bytes / MB, 1));

async function sample(
  target: SoakTarget,
  workerPid: number | null,
  t: number,
): Promise<Omit<SoakSample, 'apiRssMaxMb' | 'requestsPerSecond' | 'p95Ms' | 'errors'>> {
  const [apiRss, workerRss, probe] = await Promise.all([
    residentMb(target.pid),
    workerPid === null ? undefined : residentMb(workerPid),
    latestProbe(target.probeFile),
  ]);
  return {
    t,
    apiRssMb: apiRss === undefined ? null : round(apiRss, 1),
    workerRssMb: workerRss === undefined ? null : round(workerRss, 1),
    apiHeapTotalMb: mb(probe?.heapTotal),
    apiHeapUsedMb: mb(probe?.heapUsed),
    apiExternalMb: mb(probe?.external),
  };
}

export async function runSoak(context: SoakContext): Promise<SoakResult> {
  const mix: SoakResult['mix'] = SOAK_MIX.map(({ id, weight }) => ({
    id,
    weight,
    label: ENDPOINTS.find((e) => e.id === id)?.label ?? id,
    sent: 0,
    usedUpAtSecond: null,
  }));
  // Pending hand-offs for the accepts, made beforehand as for the accept run (not part of the soak).
  for (const endpoint of ENDPOINTS.filter((e) => e.prepare && SOAK_MIX.some((m) => m.id === e.id))) {
    const prepared = await endpoint.prepare!({ fixture: context.fixture, database: context.database, apiUrl: context.api.url });
    if (prepared) context.log(`  ${endpoint.id}: ${prepared}`);
  }
  let begun = performance.now();
  const targets = [context.api, ...(context.comparison ? [context.comparison] : [])];
  const states = await Promise.all(
    targets.map(async (target, index) => ({
      target,
      source: mixedSource(context, () => begun, mix),
      samples: [
        {
          ...(await sample(target, index === 0 ? context.workerPid : null, 0)),
          apiRssMaxMb: null,
          requestsPerSecond: null,
          p95Ms: null,
          errors: null,
        },
      ] as SoakSample[],
      statuses: {} as Record<string, number>,
      requests: 0,
      errors: 0,
      seconds: 0,
      cpuMs: 0 as number | null,
    })),
  );
  const windows = Math.round((context.minutes * 60) / SOAK_SAMPLE_SECONDS);
  const header = (name: string) =>
    `${'t s'.padStart(5)}  ${`${name} RSS`.padStart(8)}  ${'heap'.padStart(6)}  ${'worker'.padStart(7)}  ${'req/s'.padStart(6)}  ${'p95 ms'.padStart(7)}`;
  context.log(`  ${states.map((_, i) => header(i === 0 ? 'API' : 'cmp.')).join('   | ')}`);
  context.log(`  ${states.map((state) => line(state.samples[0])).join('   | ')}`);
  begun = performance.now();
  let exhausted = false;
  for (let window = 1; window <= windows && !exhausted; window++) {
    const measured = await Promise.all(
      states.map((state) =>
        measure({
          url: state.target.url,
          connections: SOAK_CONNECTIONS,
          durationSeconds: SOAK_SAMPLE_SECONDS,
          warmupSeconds: 0,
          request: state.source,
          pid: state.target.pid,
        }),
      ),
    );
    const t = round((performance.now() - begun) / 1000, 0);
    for (const [index, state] of states.entries()) {
      const m = measured[index];
      state.samples.push({
        ...(await sample(state.target, index === 0 ? context.workerPid : null, t)),
        apiRssMaxMb: m.rssMb?.max ?? null,
        requestsPerSecond: m.requestsPerSecond,
        p95Ms: m.latencyMs.p95,
        errors: m.errors,
      });
      state.requests += m.requests;
      state.errors += m.errors;
      state.seconds += m.seconds;
      state.cpuMs =
        state.cpuMs === null || m.serverCpuMsPerRequest === undefined ? null : state.cpuMs + m.serverCpuMsPerRequest * m.requests;
      for (const [status, count] of Object.entries(m.statuses)) state.statuses[status] = (state.statuses[status] ?? 0) + count;
      if (m.exhausted) exhausted = true;
    }
    context.log(`  ${states.map((state) => line(state.samples.at(-1)!)).join('   | ')}`);
    if (exhausted) context.log('  Every kind of request of the mix is used up: the soak ends early.');
  }
  const minutes = round(states[0].samples.at(-1)!.t / 60, 1);
  const runs: SoakRun[] = states.map((state) => {
    const api = trend(state.samples);
    const p95s = Float64Array.from(state.samples.flatMap((s) => (s.p95Ms === null ? [] : [s.p95Ms]))).sort();
    return {
      apiNodeArgs: state.target.nodeArgs,
      samples: state.samples,
      api,
      requests: state.requests,
      errors: state.errors,
      statuses: state.statuses,
      meanRequestsPerSecond: state.seconds > 0 ? round(state.requests / state.seconds, 1) : 0,
      medianP95Ms: p95s.length ? p95s[Math.floor((p95s.length - 1) / 2)] : 0,
      cpuMsPerRequest: state.cpuMs !== null && state.requests > 0 ? round(state.cpuMs / state.requests, 3) : null,
      underLimit: api.maxMb < SOAK_MEMORY_LIMIT_MB,
      flat:
        minutes < SOAK_TARGET_MINUTES || api.slopeAfterFirstMinuteMbPerMinute === null
          ? null
          : Math.abs(api.slopeAfterFirstMinuteMbPerMinute) <= SOAK_FLAT_MB_PER_MINUTE,
    };
  });
  return { ...runs[0], minutes, connections: SOAK_CONNECTIONS, mix, comparison: runs[1] ?? null };
}

function line(s: SoakSample): string {
  const f = (value: number | null, width: number, digits = 0) => (value === null ? '' : value.toFixed(digits)).padStart(width);
  return `  ${f(s.t, 5)}  ${f(s.apiRssMb, 8)}  ${f(s.apiHeapTotalMb, 6)}  ${f(s.workerRssMb, 7)}  ${f(s.requestsPerSecond, 6)}  ${f(s.p95Ms, 6, 1)}`;
}

/** Least-squares slope of y over x. */
export function slope(points: [number, number][]): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
  if (sxx === 0) return null;
  return points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / sxx;
}

const mean = (values: number[]) => (values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null);

/** First minute: the samples of t ≤ 60 s under load; last minute: those of the last 60 s. */
export function trend(samples: SoakSample[]): SoakTrend {
  const loaded = samples.filter((s) => s.t > 0);
  const end = loaded.at(-1)?.t ?? 0;
  const series = (pick: (s: SoakSample) => number | null) =>
    loaded.flatMap((s) => (pick(s) === null ? [] : [[s.t / 60, pick(s)!] as [number, number]]));
  const api = series((s) => s.apiRssMb);
  const worker = series((s) => s.workerRssMb);
  const first = (points: [number, number][]) => mean(points.filter(([minute]) => minute <= 1).map(([, y]) => y));
  const last = (points: [number, number][]) => mean(points.filter(([minute]) => minute > end / 60 - 1).map(([, y]) => y));
  const r = (value: number | null, digits = 1) => (value === null ? null : round(value, digits));
  return {
    samples: samples.length,
    firstMinuteMeanMb: r(first(api)) ?? 0,
    lastMinuteMeanMb: r(last(api)) ?? 0,
    maxMb: round(Math.max(0, ...loaded.map((s) => Math.max(s.apiRssMb ?? 0, s.apiRssMaxMb ?? 0))), 1),
    slopeMbPerMinute: r(slope(api), 2) ?? 0,
    slopeAfterFirstMinuteMbPerMinute: r(slope(api.filter(([minute]) => minute > 1)), 2),
    workerFirstMinuteMeanMb: r(first(worker)),
    workerLastMinuteMeanMb: r(last(worker)),
    workerSlopeMbPerMinute: r(slope(worker), 2),
  };
}
