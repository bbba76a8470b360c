import autocannon from 'autocannon';
import { cpuSeconds, residentMb } from './processes';

/** One HTTP request as the load generator sends it. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A fixed request, or a function called for every request (rotating ids, fixtures that a request
 * consumes). A function that returns undefined has run out: the run stops early and says so.
 */
export type RequestSource = LoadRequest | (() => LoadRequest | undefined);

export interface Load {
  /** Base URL of the server under test, e.g. http://127.0.0.1:3100. */
  url: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  request: RequestSource;
  /** Process whose resident memory is sampled during the measured run. */
  pid?: number;
}

export interface Measurement {
  connections: number;
  /** Measured seconds (without the warm-up). */
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Non-2xx answers plus connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
  timeouts: number;
  /**
   * CPU time of the server process (user + system, from /proc) per answered request, in ms: its own
   * cost, whatever the load generator on the same cores costs. Not for runs whose fixtures ran out.
   */
  serverCpuMsPerRequest?: number;
  /** Resident set of `pid` during the run: highest and last sample, MB. */
  rssMb?: { max: number; end: number };
  /** The request source ran out before the end of the run. */
  exhausted: boolean;
}

const RSS_SAMPLE_MS = 250;

/** What one stretch of load recorded; a measurement sums one or more of them. */
interface Slice {
  latencies: number[];
  statuses: Record<string, number>;
  seconds: number;
  /** Connection errors and timeouts (autocannon's count). */
  errors: number;
  timeouts: number;
  /** CPU seconds the server used during the slice. */
  cpuSeconds?: number;
  rss: number[];
  exhausted: boolean;
}

/** Warm-up (discarded), then the measured run, with latencies recorded per request. */
export async function measure(load: Load): Promise<Measurement> {
  if (load.warmupSeconds > 0) await drive(load, load.warmupSeconds, false);
  return summarise(load.connections, [await drive(load, load.durationSeconds, true)]);
}

/**
 * Loads whose ratios matter, measured in alternating slices (A B C A B C …) that add up to each
 * one's duration, so that other work on the machine falls on all alike.
 */
export async function measureGroup(loads: Load[], slices: number): Promise<Measurement[]> {
  for (const load of loads) if (load.warmupSeconds > 0) await drive(load, load.warmupSeconds, false);
  const recorded: Slice[][] = loads.map(() => []);
  for (let slice = 0; slice < slices; slice++) {
    for (const [index, load] of loads.entries()) recorded[index].push(await drive(load, load.durationSeconds / slices, true));
  }
  return loads.map((load, index) => summarise(load.connections, recorded[index]));
}

function summarise(connections: number, slices: Slice[]): Measurement {
  const latencies = slices.flatMap((slice) => slice.latencies);
  const statuses: Record<string, number> = {};
  for (const slice of slices)
    for (const [status, count] of Object.entries(slice.statuses)) statuses[status] = (statuses[status] ?? 0) + count;
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  const sorted = Float64Array.from(latencies).sort();
  const non2xx = Object.entries(statuses)
    .filter(([status]) => !status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  const exhausted = slices.some((slice) => slice.exhausted);
  const cpu = slices.every((slice) => slice.cpuSeconds !== undefined)
    ? slices.reduce((sum, slice) => sum + slice.cpuSeconds!, 0)
    : undefined;
  const rss = slices.flatMap((slice) => slice.rss);
  return {
    connections,
    seconds: round(seconds, 2),
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / seconds, 1),
    latencyMs: {
      p50: round(percentile(sorted, 50), 2),
      p95: round(percentile(sorted, 95), 2),
      p99: round(percentile(sorted, 99), 2),
      max: round(sorted.at(-1) ?? 0, 2),
    },
    errors: non2xx + slices.reduce((sum, slice) => sum + slice.errors, 0),
    statuses,
    timeouts: slices.reduce((sum, slice) => sum + slice.timeouts, 0),
    serverCpuMsPerRequest: cpu !== undefined && latencies.length > 0 && !exhausted ? round((cpu * 1000) / latencies.length, 3) : undefined,
    rssMb: rss.length ? { max: round(Math.max(...rss), 1), end: round(rss.at(-1)!, 1) } : undefined,
    exhausted,
  };
}

async function drive(load: Load, seconds: number, measured: boolean): Promise<Slice> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const source = load.request;
  const first = typeof source === 'function' ? source() : source;
  if (!first) throw new Error(`No request to send to ${load.url}: its fixtures are used up.`);
  let pending: LoadRequest | undefined = first;
  // The first request (taken above) goes out first; then the source is asked for each one.
  const next = (): LoadRequest | undefined => {
    if (pending) {
      const request = pending;
      pending = undefined;
      return request;
    }
    return typeof source === 'function' ? source() : source;
  };

  const rss: number[] = [];
  const sampler =
    measured && load.pid !== undefined
      ? setInterval(() => {
          void residentMb(load.pid!).then((mb) => mb !== undefined && rss.push(mb));
        }, RSS_SAMPLE_MS)
      : undefined;

  const cpuBefore = load.pid !== undefined ? await cpuSeconds(load.pid) : undefined;
  const started = performance.now();
  /** When the source ran out: the measured window ends there (autocannon stops within a second). */
  let exhaustedAt: number | undefined;
  let last = first;
  let instance: autocannon.Instance | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: load.url,
        connections: load.connections,
        duration: seconds,
        timeout: 10,
        requests: [
          {
            setupRequest: (request) => {
              const chosen = exhaustedAt === undefined ? next() : undefined;
              if (!chosen) {
                // Used up: stop; until autocannon has stopped, clients repeat the previous request, and nothing is counted.
                if (exhaustedAt === undefined) {
                  exhaustedAt = performance.now();
                  instance?.stop();
                }
                return { ...request, ...toRequest(last) };
              }
              last = chosen;
              return { ...request, ...toRequest(chosen) };
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (exhaustedAt !== undefined) return;
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const elapsed = ((exhaustedAt ?? performance.now()) - started) / 1000;
  const cpuAfter = load.pid !== undefined ? await cpuSeconds(load.pid) : undefined;
  if (sampler) clearInterval(sampler);
  const final = load.pid !== undefined && measured ? await residentMb(load.pid) : undefined;
  if (final !== undefined) rss.push(final);
  // Connection errors and timeouts after the source ran out are not the server's.
  return {
    latencies,
    statuses,
    seconds: elapsed,
    errors: exhaustedAt === undefined ? result.errors : 0,
    timeouts: exhaustedAt === undefined ? result.timeouts : 0,
    cpuSeconds: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
    rss,
    exhausted: exhaustedAt !== undefined,
  };
}

function toRequest(request: LoadRequest): { method: LoadRequest['method']; path: string; headers: Record<string, string>; body?: string } {
  return {
    method: request.method,
    path: request.path,
    headers: { ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}), ...request.headers },
    ...(request.body !== undefined ? { body: request.body } : {}),
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
