import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Environment } from '../config/environment';

/** Injection token of the shared ioredis client for the application's own keys (not BullMQ's). */
export const REDIS = Symbol('REDIS');
export const InjectRedis = () => Inject(REDIS);

export function createRedisClient(environment: Environment, options: { keyPrefix?: boolean } = {}): Redis {
  return new Redis(environment.REDIS_URL, {
    keyPrefix: options.keyPrefix === false ? undefined : `${environment.REDIS_KEY_PREFIX}:`,
    // Fail a command quickly when Redis is down instead of queueing it forever.
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}

@Global()
@Module({
  providers: [{ provide: REDIS, inject: [Environment], useFactory: (environment: Environment) => createRedisClient(environment) }],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
