import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/** ASVS 5.0 argon2id parameters: 19 MiB memory, 2 iterations, 1 lane. */
const ARGON2ID = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** Verified against when the e-mail is unknown, so both answers take about the same time. */
  private readonly decoy = hash('decoy password that never matches', ARGON2ID);

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), ARGON2ID);
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash ?? (await this.decoy), password.normalize('NFC'));
    } catch {
      return false;
    }
  }
}
