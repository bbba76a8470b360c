import pg from 'pg';
import { Redis } from 'ioredis';
import type { Environment } from '../config/environment';

const START_POSTGRES =
  'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start  (or: docker compose -f docker/compose.yml up -d postgres)';
const START_REDIS =
  'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no  (or: docker compose -f docker/compose.yml up -d redis)';

/** SQLSTATE invalid_catalog_name: the server answered, the database is not there (yet). */
const UNDEFINED_DATABASE = '3D000';

function address(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('redis') ? 6379 : 5432)}`;
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? String(error);
}

/** Returns one line per unreachable dependency, naming the address tried and how to start it. */
export async function unreachableDependencies(environment: Environment, options: { redis?: boolean } = {}): Promise<string[]> {
  const problems: string[] = [];
  // The application's own database: behind PgBouncer, or with a role that may not open `postgres`,
  // that is the one that answers. A database that does not exist yet still proves the server is up
  // (the CLI creates it).
  const client = new pg.Client({ connectionString: environment.DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    if ((error as { code?: string }).code !== UNDEFINED_DATABASE) {
      problems.push(
        `Postgres is not reachable at ${address(environment.DATABASE_URL)} (${reason(error)}). Start it with: ${START_POSTGRES}`,
      );
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  if (options.redis !== false) {
    const redis = new Redis(environment.REDIS_URL, {
      lazyConnect: true,
      connectTimeout: 3000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      problems.push(`Redis is not reachable at ${address(environment.REDIS_URL)} (${reason(error)}). Start it with: ${START_REDIS}`);
    } finally {
      redis.disconnect();
    }
  }
  return problems;
}
