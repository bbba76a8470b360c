import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { InjectRedis } from '@app/core';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** Rate-limit counters in Redis, so the limits hold across every API instance. */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const hitsKey = `throttle:${throttlerName}:${key}`;
    const blockKey = `${hitsKey}:blocked`;
    const results = await this.redis.multi().incr(hitsKey).pexpire(hitsKey, ttl, 'NX').pttl(hitsKey).pttl(blockKey).exec();
    const totalHits = Number(results?.[0]?.[1] ?? 0);
    const timeToExpire = Math.ceil(Number(results?.[2]?.[1] ?? ttl) / 1000);
    let blockTtl = Number(results?.[3]?.[1] ?? -2);
    if (blockTtl <= 0 && totalHits > limit) {
      await this.redis.set(blockKey, '1', 'PX', blockDuration);
      blockTtl = blockDuration;
    }
    return { totalHits, timeToExpire, isBlocked: blockTtl > 0, timeToBlockExpire: blockTtl > 0 ? Math.ceil(blockTtl / 1000) : 0 };
  }
}
