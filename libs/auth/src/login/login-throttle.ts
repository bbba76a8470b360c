import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Environment, InjectRedis, TooManyRequests } from '@app/core';

const accountKey = (email: string) => createHash('sha256').update(email).digest('base64url');

/**
 * Counts failed logins per account and per network address in Redis (shared by every API
 * instance). An account is locked only briefly (LOGIN_LOCKOUT_SECONDS) so that an attacker
 * cannot keep a victim out for long; the same answer comes whether or not the account exists.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly environment: Environment,
  ) {}

  async assertAllowed(email: string, address: string): Promise<void> {
    const [lockTtl, addressFailures] = await Promise.all([
      this.redis.pttl(`login:lock:${accountKey(email)}`),
      this.redis.get(`login:fail:addr:${address}`),
    ]);
    if (lockTtl > 0) {
      throw new TooManyRequests('Too many failed sign-in attempts for this account; try again later.', lockTtl / 1000);
    }
    if (Number(addressFailures ?? 0) >= this.environment.LOGIN_MAX_FAILURES_PER_ADDRESS) {
      const ttl = await this.redis.pttl(`login:fail:addr:${address}`);
      throw new TooManyRequests('Too many failed sign-in attempts from your network address; try again later.', Math.max(ttl, 1000) / 1000);
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const window = this.environment.LOGIN_FAILURE_WINDOW_SECONDS;
    const account = accountKey(email);
    const results = await this.redis
      .multi()
      .incr(`login:fail:acct:${account}`)
      .expire(`login:fail:acct:${account}`, window, 'NX')
      .incr(`login:fail:addr:${address}`)
      .expire(`login:fail:addr:${address}`, window, 'NX')
      .exec();
    const accountFailures = Number(results?.[0]?.[1] ?? 0);
    if (accountFailures >= this.environment.LOGIN_MAX_FAILURES_PER_ACCOUNT) {
      await this.redis
        .multi()
        .set(`login:lock:${account}`, '1', 'EX', this.environment.LOGIN_LOCKOUT_SECONDS)
        .del(`login:fail:acct:${account}`)
        .exec();
    }
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(`login:fail:acct:${accountKey(email)}`);
  }

  /** The owner proved control another way (a password link): their account's failures and lock end. */
  async clearAccount(email: string): Promise<void> {
    const account = accountKey(email);
    await this.redis.del(`login:fail:acct:${account}`, `login:lock:${account}`);
  }
}
