import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** A child process of the benchmark (API, worker, a baseline server), its output going to a log file. */
export interface Child {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  exited: Promise<number | string>;
  hasExited(): boolean;
}

const children = new Set<Child>();

/**
 * Starts `node [nodeArgs] <script>` with the given environment; stdout and stderr go to `logFile`.
 * `nodeArgs` are Node's own options (e.g. V8 heap sizes, `--import` of the memory probe).
 * The child writes to the file itself: piped through this process, every access-log line of the API
 * would also cost the process that runs the load generator.
 */
export function startNode(name: string, script: string, env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[] = []): Child {
  const log = openSync(logFile, 'a');
  let process_: ChildProcess;
  try {
    process_ = spawn(process.execPath, [...nodeArgs, script], { env, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  let ended = false;
  const exited = new Promise<number | string>((resolve) => {
    process_.on('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal ?? 'unknown');
    });
  });
  void exited.then(() => children.delete(child));
  if (process_.pid === undefined) throw new Error(`Could not start ${name} (${script}).`);
  const child: Child = { name, pid: process_.pid, logFile, exited, hasExited: () => ended };
  children.add(child);
  return child;
}

/** Runs `node <args>` to completion, its output passed through; rejects on a non-zero exit. */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    process_.on('error', reject);
    process_.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')} failed (${code ?? signal}).`)),
    );
  });
}

/** Polls `url` until it answers 200; fails when the child exits first or after `timeoutMs`. */
export async function waitForOk(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.hasExited()) throw new Error(`${child.name} exited before it was ready (exit ${await child.exited}); see ${child.logFile}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${child.name} was not ready at ${url} within ${timeoutMs / 1000} s (${last}); see ${child.logFile}`);
}

/** SIGTERM, then SIGKILL if the process has not ended after `graceMs`. */
export async function stop(child: Child, graceMs = 15_000): Promise<void> {
  if (child.hasExited()) return;
  process.kill(child.pid, 'SIGTERM');
  const outcome = await Promise.race([child.exited.then(() => 'exited' as const), sleep(graceMs).then(() => 'timeout' as const)]);
  if (outcome === 'timeout' && !child.hasExited()) {
    console.error(`${child.name} did not stop within ${graceMs / 1000} s of SIGTERM; killing it.`);
    process.kill(child.pid, 'SIGKILL');
    await child.exited;
  }
}

/** Stops every child still running (in reverse order of start), e.g. on failure or Ctrl-C. */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].reverse().map((child) => stop(child).catch(() => undefined)));
}

/** Resident set size of a process in MB, from /proc (Linux); undefined when it cannot be read. */
export async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Busy CPU of the whole machine over `ms` (from /proc/stat), in cores: 1.0 = one core fully busy. */
export async function busyCores(ms: number): Promise<number | undefined> {
  const read = async () => {
    try {
      const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n');
      const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu.split(/\s+/).slice(1, 9).map(Number);
      return { busy: user + nice + system + irq + softirq + steal, all: user + nice + system + idle + iowait + irq + softirq + steal };
    } catch {
      return undefined;
    }
  };
  const before = await read();
  await sleep(ms);
  const after = await read();
  if (!before || !after || after.all === before.all) return undefined;
  const cores = os.cpus().length;
  return Math.round(((after.busy - before.busy) / (after.all - before.all)) * cores * 100) / 100;
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat. */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
