import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { API_MAIN, CLI_MAIN, CPU_PROFILE_HOOK, WORKER_MAIN, postgresVersion } from './paths';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every child this process started; killed (SIGKILL) if the drill itself exits without stopping them. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when a Redis answers PING on the port. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
    socket.on('timeout', () => done(false));
  });
}

/**
 * A redis-server of the drill's own (like test/worker-faults.e2e-spec.ts): no persistence, like this
 * machine's Redis, and `noeviction` as the worker requires. Flushing or killing it touches nobody else.
 */
export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    this.child = child;
    children.add(child);
    child.on('exit', () => children.delete(child));
    const deadline = Date.now() + 5000;
    while (!(await redisAnswers(this.port))) {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${this.port} exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${this.port}`);
      await sleep(50);
    }
  }

  /** SIGKILL: everything it held in memory is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

/** A clean environment for the product's processes: nothing of the caller's shell leaks in (no DATABASE_URL, no .env). */
export function productEnv(settings: Record<string, string | number>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    JWT_SECRET: `drill-${randomBytes(24).toString('hex')}`,
    LOG_LEVEL: 'info',
    ...Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, String(value)])),
  };
}

interface ServiceOptions {
  name: string;
  main: string;
  env: NodeJS.ProcessEnv;
  /** Folder for `<name>.log` (stdout and stderr of the child). */
  logDir: string;
  /** Working directory: a folder without a .env file. */
  cwd: string;
  nodeArgs?: string[];
}

/** One product process (API or worker) started from the compiled tree, its output in a log file. */
export class NodeService {
  private readonly tail: string[] = [];
  private readonly waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  private readonly log: WriteStream;
  readonly logFile: string;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    logDir: string,
  ) {
    mkdirSync(logDir, { recursive: true });
    this.logFile = join(logDir, `${name}.log`);
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    let partial = '';
    const onData = (data: Buffer) => {
      this.log.write(data);
      const lines = (partial + data.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.line(line);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }

  static spawn(options: ServiceOptions): NodeService {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.main], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    child.on('exit', () => children.delete(child));
    return new NodeService(options.name, child, options.logDir);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the process printed (for error messages). */
  lastLines(count = 15): string {
    return this.tail.slice(-count).join('\n');
  }

  /** Lines printed so far that match (from the in-memory tail of the last 5,000 lines). */
  linesMatching(pattern: RegExp): string[] {
    return this.tail.filter((line) => pattern.test(line));
  }

  /** Resolves with the first line (from now on) that matches; rejects if the process exits or the time is up. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const waiter = { pattern, resolve: (line: string) => finish(() => resolve(line)) };
      const onExit = () => finish(() => reject(new Error(`${this.name} exited (${this.exitDescription()}):\n${this.lastLines()}`)));
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${this.name}: no line matching ${pattern} within ${timeoutMs} ms:\n${this.lastLines()}`))),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        this.child.off('exit', onExit);
        then();
      };
      this.waiters.add(waiter);
      this.child.once('exit', onExit);
      if (!this.alive) onExit();
    });
  }

  /** SIGTERM (graceful shutdown: in-flight requests and jobs finish), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<{ graceful: boolean; ms: number }> {
    const started = Date.now();
    if (!this.alive) return { graceful: true, ms: 0 };
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
    await new Promise<void>((resolve) => this.log.end(resolve));
    return { graceful: this.child.signalCode !== 'SIGKILL', ms: Date.now() - started };
  }

  /** Sends a signal without waiting (SIGKILL: dies at once). */
  signal(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }

  exitDescription(): string {
    return this.child.signalCode ? `signal ${this.child.signalCode}` : `exit code ${this.child.exitCode}`;
  }

  private line(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 5000) this.tail.splice(0, this.tail.length - 5000);
    for (const waiter of [...this.waiters]) if (waiter.pattern.test(line)) waiter.resolve(line);
  }
}

export interface StartedApi {
  service: NodeService;
  baseUrl: string;
}

/** The API (dist/apps/api/src/main.js) on a free port; ready once /api/v1/health/ready answers 200. */
export async function startApi(env: NodeJS.ProcessEnv, dirs: { logDir: string; cwd: string }, name = 'api'): Promise<StartedApi> {
  const port = await freePort();
  const service = NodeService.spawn({ name, main: API_MAIN, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, ...dirs });
  const baseUrl = `http://127.0.0.1:${port}/api/v1`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!service.alive) throw new Error(`${name} exited (${service.exitDescription()}):\n${service.lastLines()}`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return { service, baseUrl };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} not ready within 60 s:\n${service.lastLines()}`);
    await sleep(200);
  }
}

/**
 * A worker (dist/apps/worker/src/main.js); ready once it logs "Worker ready". With `cpuProfile`, a
 * preloaded hook (cpu-profile-hook.ts) samples its CPU until `<cpuProfile>.stop` appears.
 */
export async function startWorker(
  env: NodeJS.ProcessEnv,
  dirs: { logDir: string; cwd: string },
  name = 'worker',
  cpuProfile?: string,
): Promise<NodeService> {
  const service = NodeService.spawn({
    name,
    main: WORKER_MAIN,
    env: cpuProfile ? { ...env, DRILL_CPU_PROFILE: cpuProfile } : env,
    nodeArgs: cpuProfile ? ['--import', CPU_PROFILE_HOOK] : [],
    ...dirs,
  });
  await service.waitForLine(/Worker ready/, 60_000);
  return service;
}

/** Runs the product's CLI (dist/apps/cli/src/main.js) to its end; throws with its output on a non-zero exit. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 300_000): Promise<string> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  children.delete(child);
  if (code !== 0) throw new Error(`cli ${args.join(' ')} failed (exit ${code}):\n${output}`);
  return output;
}

/**
 * The machine's Postgres cluster, started and stopped the way the env notes do it
 * (`pg_ctlcluster --skip-systemctl-redirect <version> main start|stop`). Affects everything on this machine.
 */
export function postgresCluster(
  action: 'start' | 'stop' | 'status',
  mode?: 'fast' | 'immediate' | 'smart',
): { ok: boolean; output: string } {
  const args = ['--skip-systemctl-redirect', ...(mode ? ['-m', mode] : []), postgresVersion(), 'main', action];
  const result = spawnSync('pg_ctlcluster', args, { encoding: 'utf8', timeout: 120_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}
