import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Environment, InjectRedis, TooManyRequests } from '@app/core';

const accountKey = (email: string) => createHash('sha256').update(email).digest('base64url');
/** How long an address from which an account signed in stays known to it. */
const KNOWN_ADDRESS_SECONDS = 30 * 24 * 3600;

const LOCKED_ACCOUNT = 'Too many failed sign-in attempts for this account; try again later.';

/**
 * Counts failed logins in Redis (shared by every API instance), per account, per account and
 * address, and per address, so that guessing is slow without letting an attacker keep a victim out:
 * - LOGIN_MAX_FAILURES_PER_ACCOUNT failures lock the account for LOGIN_LOCKOUT_SECONDS, but not for
 *   the addresses it signed in from in the last 30 days: from elsewhere, anyone could otherwise keep
 *   its owner out by failing every few minutes;
 * - the same number of failures from one address locks that address out of the account, known or not;
 * - LOGIN_MAX_FAILURES_PER_ADDRESS failures lock an address out of every account.
 * The same answers come whether or not the account exists.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @InjectRedis() private readonly redis: Redis,
    private readonly environment: Environment,
  ) {}

  async assertAllowed(email: string, address: string): Promise<void> {
    const account = accountKey(email);
    const [accountLock, pairLock, known, addressFailures] = await Promise.all([
      this.redis.pttl(`login:lock:${account}`),
      this.redis.pttl(`login:lock:${account}:${address}`),
      this.redis.exists(`login:known:${account}:${address}`),
      this.redis.get(`login:fail:addr:${address}`),
    ]);
    if (pairLock > 0) throw new TooManyRequests(LOCKED_ACCOUNT, pairLock / 1000);
    if (accountLock > 0 && !known) throw new TooManyRequests(LOCKED_ACCOUNT, accountLock / 1000);
    if (Number(addressFailures ?? 0) >= this.environment.LOGIN_MAX_FAILURES_PER_ADDRESS) {
      const ttl = await this.redis.pttl(`login:fail:addr:${address}`);
      throw new TooManyRequests('Too many failed sign-in attempts from your network address; try again later.', Math.max(ttl, 1000) / 1000);
    }
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const {
      LOGIN_FAILURE_WINDOW_SECONDS: window,
      LOGIN_MAX_FAILURES_PER_ACCOUNT: limit,
      LOGIN_LOCKOUT_SECONDS: lockout,
    } = this.environment;
    const account = accountKey(email);
    const results = await this.redis
      .multi()
      .incr(`login:fail:acct:${account}`)
      .expire(`login:fail:acct:${account}`, window, 'NX')
      .incr(`login:fail:pair:${account}:${address}`)
      .expire(`login:fail:pair:${account}:${address}`, window, 'NX')
      .incr(`login:fail:addr:${address}`)
      .expire(`login:fail:addr:${address}`, window, 'NX')
      .exec();
    const locksAccount = Number(results?.[0]?.[1] ?? 0) >= limit;
    const locksPair = Number(results?.[2]?.[1] ?? 0) >= limit;
    if (!locksAccount && !locksPair) return;
    const lock = this.redis.multi();
    if (locksAccount) lock.set(`login:lock:${account}`, '1', 'EX', lockout).del(`login:fail:acct:${account}`);
    if (locksPair) lock.set(`login:lock:${account}:${address}`, '1', 'EX', lockout).del(`login:fail:pair:${account}:${address}`);
    await lock.exec();
  }

  /** A sign-in (or a check of the current password) succeeded from `address`: it is known to the account from now on. */
  async recordSuccess(email: string, address: string): Promise<void> {
    const account = accountKey(email);
    await this.redis
      .multi()
      .del(`login:fail:acct:${account}`, `login:fail:pair:${account}:${address}`)
      .set(`login:known:${account}:${address}`, '1', 'EX', KNOWN_ADDRESS_SECONDS)
      .exec();
  }

  /** The owner proved control another way (a password link, followed from `address`): the account's failures and locks end. */
  async clearAccount(email: string, address: string): Promise<void> {
    const account = accountKey(email);
    await this.redis.del(
      `login:fail:acct:${account}`,
      `login:lock:${account}`,
      `login:fail:pair:${account}:${address}`,
      `login:lock:${account}:${address}`,
    );
  }
}
