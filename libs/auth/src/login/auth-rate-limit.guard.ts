import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Environment, InjectRedis, TooManyRequests } from '@app/core';

/**
 * Limits requests per network address on the sign-in routes (fixed one-minute window in Redis,
 * shared by every API instance). Failed-login lockout is separate (LoginThrottle).
 */
@Injectable()
export class AuthRateLimit implements CanActivate {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly environment: Environment,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { ip } = context.switchToHttp().getRequest<{ ip: string }>();
    const key = `ratelimit:auth:${ip}`;
    const results = await this.redis.multi().incr(key).pexpire(key, 60_000, 'NX').pttl(key).exec();
    const hits = Number(results?.[0]?.[1] ?? 0);
    if (hits > this.environment.AUTH_RATE_LIMIT_PER_MINUTE) {
      throw new TooManyRequests(
        'Too many sign-in requests from your network address; wait a minute.',
        Number(results?.[2]?.[1] ?? 60_000) / 1000,
      );
    }
    return true;
  }
}
