import { availableParallelism } from 'node:os';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { ValidationFailed } from '@app/core';
import { passwordProblem } from './password-policy';

/** ASVS 5.0 argon2id parameters: 19 MiB memory, 2 iterations, 1 lane. */
const ARGON2ID = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashes computed at once: one per core, and no more than libuv's 4 pool threads. Each holds 19 MiB
 * while it runs and keeps a core busy, so more at once would only add memory (a burst of sign-ins
 * took the API's resident set to 299 MB on 2 cores) and hold up the pool's other work (DNS, files).
 */
const HASHES_AT_ONCE = Math.min(availableParallelism(), 4);

@Injectable()
export class PasswordHasher {
  private readonly limit = pLimit(HASHES_AT_ONCE);
  /** Verified against when the e-mail is unknown, so both answers take about the same time. */
  private readonly decoy = this.limit(() => hash('decoy password that never matches', ARGON2ID));

  hash(password: string): Promise<string> {
    return this.limit(() => hash(password.normalize('NFC'), ARGON2ID));
  }

  /** The hash of a password that follows the password rules; else a 400 naming `field`. */
  async hashAcceptable(password: string, field = 'password'): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw new ValidationFailed(`${field} ${problem}`, [{ field, message: problem }]);
    return this.hash(password);
  }

  async verify(passwordHash: string | null | undefined, password: string): Promise<boolean> {
    try {
      const against = passwordHash ?? (await this.decoy);
      return await this.limit(() => verify(against, password.normalize('NFC')));
    } catch {
      return false;
    }
  }
}
