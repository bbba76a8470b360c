import { appendFileSync } from 'node:fs';
import v8 from 'node:v8';

/**
 * Loaded into the API and the worker with `node --import` by the benchmark (never in production):
 * every BENCH_MEMORY_PROBE_MS (default 2 s) appends one JSON line with the process's own view of its
 * memory to BENCH_MEMORY_PROBE_FILE, so the report can split the resident set into the V8 heap
 * (young and old generation, code), memory outside it (Buffers, native modules) and the rest.
 * The timer is unref'd and costs a few microseconds per sample.
 */
export interface MemoryProbeSample {
  /** ms since the epoch. */
  at: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** V8 heap spaces: committed size and used bytes. */
  spaces: Record<string, { size: number; used: number }>;
}

const file = process.env.BENCH_MEMORY_PROBE_FILE;
const intervalMs = Number(process.env.BENCH_MEMORY_PROBE_MS ?? 2000);

function sample(): void {
  const usage = process.memoryUsage();
  const spaces: MemoryProbeSample['spaces'] = {};
  for (const space of v8.getHeapSpaceStatistics()) spaces[space.space_name] = { size: space.space_size, used: space.space_used_size };
  const line: MemoryProbeSample = { at: Date.now(), ...usage, spaces };
  try {
    appendFileSync(file!, `${JSON.stringify(line)}\n`);
  } catch {
    // The benchmark reads what there is; a failed write must not disturb the server.
  }
}

if (file && intervalMs > 0) {
  sample();
  setInterval(sample, intervalMs).unref();
}
