import type { Redis } from 'ioredis';
import type { Environment } from '../config/environment';

/** BullMQ's connection and key prefix; queue names and job ids must not contain ':'. */
export function bullConnection(environment: Environment) {
  const url = new URL(environment.REDIS_URL);
  return {
    connection: {
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username || undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      // BullMQ workers must keep retrying rather than fail a command while Redis restarts.
      maxRetriesPerRequest: null,
    },
    prefix: `${environment.REDIS_KEY_PREFIX}-bull`,
  };
}

/**
 * BullMQ loses jobs silently when Redis evicts keys under memory pressure, so the worker
 * refuses to run unless the eviction policy is `noeviction`.
 */
export async function evictionPolicyProblem(redis: Redis): Promise<string | null> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1];
  return policy === 'noeviction'
    ? null
    : `Redis maxmemory-policy is "${policy}", but the worker needs "noeviction" (BullMQ would lose jobs): run "redis-cli CONFIG SET maxmemory-policy noeviction" or set it in redis.conf.`;
}
