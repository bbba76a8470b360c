import pg from 'pg';
import { Redis } from 'ioredis';
import type { Environment } from '../config/environment';
import { databaseName } from '../database/ensure-database';

/** SQLSTATE invalid_catalog_name: the server answered, the database is not there (yet). */
const UNDEFINED_DATABASE = '3D000';
/** SQLSTATE class 28: the server refused the role or its password. */
const LOGIN_REFUSED = /^28/;

export interface DependencyCheckOptions {
  /** Check Redis too (default true). */
  redis?: boolean;
  /** Whether a database that does not exist yet is fine (the CLI creates it) or a problem (the API, the worker). */
  database?: 'may-not-exist' | 'must-exist';
}

interface Address {
  host: string;
  port: number;
  loopback: boolean;
}

function addressOf(url: string): Address {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  const port = Number(parsed.port) || (parsed.protocol.startsWith('redis') ? 6379 : 5432);
  return { host, port, loopback: ['127.0.0.1', 'localhost', '::1'].includes(host) };
}

const shown = (address: Address) => `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;

/** How to start a local Postgres at that address; the compose file publishes the default port only. */
function startPostgres(address: Address): string {
  if (!address.loopback) return 'Start it there, or point DATABASE_URL at a running server.';
  if (address.port !== 5432) {
    return `Start the cluster that listens on port ${address.port} (pg_ctlcluster --skip-systemctl-redirect <version> <cluster> start), or point DATABASE_URL at a running server.`;
  }
  const cluster = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
  const compose = '  (or: docker compose -f docker/compose.yml up -d postgres)';
  return `Start it with: ${cluster}${compose}, or point DATABASE_URL at a running server.`;
}

function startRedis(address: Address): string {
  if (!address.loopback) return 'Start it there, or point REDIS_URL at a running server.';
  const server = `redis-server --daemonize yes --bind 127.0.0.1 --port ${address.port} --save "" --appendonly no`;
  const compose = address.port === 6379 ? '  (or: docker compose -f docker/compose.yml up -d redis)' : '';
  return `Start it with: ${server}${compose}, or point REDIS_URL at a running server.`;
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? String(error);
}

/** One line naming what went wrong with Postgres, the address tried and what to do; undefined when it answered. */
async function postgresProblem(url: string, database: DependencyCheckOptions['database']): Promise<string | undefined> {
  const address = addressOf(url);
  const role = decodeURIComponent(new URL(url).username) || '(none)';
  // The application's own database: behind PgBouncer, or with a role that may not open `postgres`,
  // that is the one that answers.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === UNDEFINED_DATABASE) {
      if (database !== 'must-exist') return undefined;
      return `Database "${databaseName(url)}" does not exist on the Postgres server at ${shown(address)}. Create it and apply the migrations with: npm run migrate`;
    }
    if (e.code && LOGIN_REFUSED.test(e.code)) {
      return `Postgres at ${shown(address)} refused the role "${role}" (${e.message}). Check the user and password in DATABASE_URL.`;
    }
    // Any other SQLSTATE: the server is up and said something else (too many connections, starting up).
    if (e.code && /^[0-9A-Z]{5}$/.test(e.code)) {
      return `Postgres at ${shown(address)} answered with an error: ${e.message} (SQLSTATE ${e.code}). Check DATABASE_URL.`;
    }
    return `Postgres is not reachable at ${shown(address)} (${reason(error)}). ${startPostgres(address)}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisProblem(url: string): Promise<string | undefined> {
  const address = addressOf(url);
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // ioredis rejects `connect()` with a bare "Connection is closed."; the cause (ECONNREFUSED…) comes as an event.
  let cause: unknown;
  redis.on('error', (error: unknown) => (cause ??= error));
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    const message = String((error as { message?: string }).message ?? error);
    if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(message)) {
      return `Redis at ${shown(address)} refused the credentials (${message}). Check the user and password in REDIS_URL.`;
    }
    return `Redis is not reachable at ${shown(address)} (${reason(cause ?? error)}). ${startRedis(address)}`;
  } finally {
    redis.disconnect();
  }
}

/** Returns one line per dependency that does not answer as it should, naming the address tried and what to do. */
export async function unreachableDependencies(environment: Environment, options: DependencyCheckOptions = {}): Promise<string[]> {
  const problems = await Promise.all([
    postgresProblem(environment.DATABASE_URL, options.database),
    options.redis === false ? undefined : redisProblem(environment.REDIS_URL),
  ]);
  return problems.filter((problem): problem is string => problem !== undefined);
}
