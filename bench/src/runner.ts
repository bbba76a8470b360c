import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
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
  /** Requests per second over all connections (autocannon's overallRate); unset: each client sends its next request at once. */
  rate?: number;
  durationSeconds: number;
  warmupSeconds: number;
  request: RequestSource;
  /** Process whose resident memory is sampled during the measured run. */
  pid?: number;
  /** Postgres' cumulative counters, read before and after each measured stretch (undefined: not available). */
  postgresCounters?: () => Promise<PostgresCounters | undefined>;
}

/** Cumulative server-wide counters of Postgres: checkpoints begun, the WAL insert position in bytes. */
export interface PostgresCounters {
  checkpoints: number;
  walBytes: number;
}

export interface Measurement {
  connections: number;
  /** The offered rate, when the load was paced (requests/s over all connections). */
  rate?: number;
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
  /**
   * What Postgres did during the measured run, whoever caused it (the API, the worker behind it):
   * checkpoints begun, and write-ahead log per answered request in kB.
   */
  postgres?: { checkpoints: number; walKbPerRequest: number };
  /** The request source ran out before the end of the run. */
  exhausted: boolean;
}

const RSS_SAMPLE_MS = 250;
/** A request not answered within this is a timeout (an error of the run). */
const REQUEST_TIMEOUT_MS = 10_000;

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
  /** Postgres' counters' growth during the slice. */
  postgres?: PostgresCounters;
  rss: number[];
  exhausted: boolean;
}

/** Warm-up (discarded), then the measured run, with latencies recorded per request. */
export async function measure(load: Load): Promise<Measurement> {
  if (load.warmupSeconds > 0) await drive(load, load.warmupSeconds, false);
  return summarise(load, [await drive(load, load.durationSeconds, true)]);
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
  return loads.map((load, index) => summarise(load, recorded[index]));
}

function summarise({ connections, rate }: Load, slices: Slice[]): Measurement {
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
  const postgres = slices.every((slice) => slice.postgres)
    ? {
        checkpoints: slices.reduce((sum, slice) => sum + slice.postgres!.checkpoints, 0),
        walKbPerRequest: round(slices.reduce((sum, slice) => sum + slice.postgres!.walBytes, 0) / 1024 / Math.max(latencies.length, 1), 2),
      }
    : undefined;
  return {
    connections,
    ...(rate !== undefined ? { rate } : {}),
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
    ...(postgres ? { postgres } : {}),
    exhausted,
  };
}

async function drive(load: Load, seconds: number, measured: boolean): Promise<Slice> {
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
  const countersBefore = measured ? await load.postgresCounters?.() : undefined;
  const started = performance.now();
  const sent =
    load.rate !== undefined
      ? await sendPaced(load, load.rate, seconds, next)
      : await sendFlatOut(load, seconds, first, typeof source === 'function' ? next : undefined);
  const elapsed = ((sent.exhaustedAt ?? performance.now()) - started) / 1000;
  const cpuAfter = load.pid !== undefined ? await cpuSeconds(load.pid) : undefined;
  const countersAfter = countersBefore ? await load.postgresCounters?.() : undefined;
  if (sampler) clearInterval(sampler);
  const final = load.pid !== undefined && measured ? await residentMb(load.pid) : undefined;
  if (final !== undefined) rss.push(final);
  return {
    latencies: sent.latencies,
    statuses: sent.statuses,
    seconds: elapsed,
    errors: sent.errors,
    timeouts: sent.timeouts,
    cpuSeconds: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
    postgres:
      countersBefore && countersAfter
        ? {
            checkpoints: countersAfter.checkpoints - countersBefore.checkpoints,
            walBytes: countersAfter.walBytes - countersBefore.walBytes,
          }
        : undefined,
    rss,
    exhausted: sent.exhaustedAt !== undefined,
  };
}

/** What a stretch of load sent and got back. */
interface Sent {
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** When the request source ran out: the measured window ends there. */
  exhaustedAt?: number;
}

/**
 * Closed loop (autocannon): each client sends its next request as soon as the last is answered.
 * Without `next`, every request is `first`, and autocannon sends the bytes it built once: rebuilding
 * each request costs the load generator, which shares the cores, a quarter to a third of its throughput and
 * would cap the bare baselines of the trivial route (bench/README.md, "Reading the table").
 */
async function sendFlatOut(load: Load, seconds: number, first: LoadRequest, next?: () => LoadRequest | undefined): Promise<Sent> {
  const sent: Sent = { latencies: [], statuses: {}, errors: 0, timeouts: 0 };
  let last = first;
  let instance: autocannon.Instance | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: load.url,
        connections: load.connections,
        duration: seconds,
        timeout: REQUEST_TIMEOUT_MS / 1000,
        requests: [
          next === undefined
            ? toRequest(first)
            : {
                setupRequest: (request) => {
                  const chosen = sent.exhaustedAt === undefined ? next() : undefined;
                  if (!chosen) {
                    // Used up: stop; until autocannon has stopped, clients repeat the previous request, and nothing is counted.
                    if (sent.exhaustedAt === undefined) {
                      sent.exhaustedAt = performance.now();
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
      if (sent.exhaustedAt !== undefined) return;
      sent.latencies.push(responseTime);
      sent.statuses[statusCode] = (sent.statuses[statusCode] ?? 0) + 1;
    });
  });
  // Connection errors and timeouts after the source ran out are not the server's.
  if (sent.exhaustedAt === undefined) {
    sent.errors = result.errors;
    sent.timeouts = result.timeouts;
  }
  return sent;
}

/**
 * Open loop: request i is due at start + i / rate, however the ones before it fare, over at most
 * `connections` keep-alive connections. Its latency counts from when it was due, so a server that
 * falls behind shows as latency, not as fewer requests. (autocannon's own rate limit sends each
 * second's share in a burst at the start of the second, which measures a queue, not a pace.)
 */
async function sendPaced(load: Load, rate: number, seconds: number, next: () => LoadRequest | undefined): Promise<Sent> {
  const sent: Sent = { latencies: [], statuses: {}, errors: 0, timeouts: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (let index = 0; index < Math.floor(seconds * rate); index++) {
    const dueAt = started + (index * 1000) / rate;
    if (dueAt > performance.now()) await sleep(dueAt - performance.now());
    const request = next();
    if (!request) {
      sent.exhaustedAt = performance.now();
      break;
    }
    const answered = send(agent, load.url, request).then(
      (status) => {
        sent.latencies.push(performance.now() - dueAt);
        sent.statuses[status] = (sent.statuses[status] ?? 0) + 1;
      },
      (error: Error) => {
        // An aborted request's error carries the signal's reason (a TimeoutError) as its cause.
        if ((error.cause as Error | undefined)?.name === 'TimeoutError') sent.timeouts++;
        sent.errors++;
      },
    );
    inFlight.add(answered);
    void answered.finally(() => inFlight.delete(answered));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return sent;
}

/** One request over `agent`; resolves with the status once the whole answer is read. */
function send(agent: http.Agent, base: string, request: LoadRequest): Promise<number> {
  const { method, path, headers, body } = toRequest(request);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      new URL(path, base),
      { method, headers, agent, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
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
