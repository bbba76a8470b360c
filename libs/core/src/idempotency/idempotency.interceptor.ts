import { createHmac } from 'node:crypto';
import { stringify as stableStringify } from 'safe-stable-stringify';
import {
  applyDecorators,
  Injectable,
  Logger,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { ApiHeader } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { from, lastValueFrom, of, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { Environment } from '../config/environment';
import { BusinessRuleViolated, Conflict, DomainError, ValidationFailed } from '../errors/domain-error';
import { toProblem } from '../errors/problem-details.filter';
import { currentClaim, type IdempotencyClaim } from './idempotency-claim';
import { IDEMPOTENCY_KEY_TTL_MS } from './idempotency-purge';

const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
/**
 * How long an unanswered claim holds its key. A request that died without releasing it (process
 * killed, the database unreachable for the clean-up) leaves a claim behind; after the lease a retry
 * with the same request takes it over instead of getting 409 for 24 hours. A request still running
 * renews its claim every third of the lease, so a slow one is not taken over, and a claim whose
 * request committed its changes is never taken over (its retries get 409 idempotency-answer-lost).
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

interface IdempotentRequest {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  user?: { userId: string };
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
}

/**
 * `Idempotency-Key` for creating requests: the same user, key and request within 24 hours get the
 * first answer again instead of creating a second resource. The key is claimed with an insert on a
 * primary key, so two concurrent retries cannot both run the handler. The claim's `created_at` is its
 * lease: an unanswered claim older than IDEMPOTENCY_LEASE_MS whose request committed nothing (see
 * IdempotencyCommitSubscriber) is abandoned and may be claimed again, so no key stays stuck.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  private readonly fingerprintKey: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    environment: Environment,
  ) {
    this.fingerprintKey = idempotencyFingerprintKey(environment.JWT_SECRET);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const reply = context.switchToHttp().getResponse<ReplyLike>();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !request.user) return next.handle();
    if (typeof header !== 'string' || !KEY.test(header)) {
      throw new ValidationFailed('Idempotency-Key must be 8-128 characters of letters, digits and . _ : -', [
        { field: 'Idempotency-Key', message: 'is malformed' },
      ]);
    }
    // Nest sets the status code only after interceptors; the route's own code is what a replay repeats.
    const statusCode =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? (request.method === 'POST' ? 201 : 200);
    return from(this.handle(request.user.userId, header, request, reply, statusCode, next));
  }

  private async handle(
    userId: string,
    key: string,
    request: IdempotentRequest,
    reply: ReplyLike,
    statusCode: number,
    next: CallHandler,
  ): Promise<unknown> {
    const fingerprint = idempotencyFingerprint(this.fingerprintKey, request.method, request.url.split('?')[0], request.body);
    const now = this.clock.now();
    // One statement claims a new key, or takes over one that expired (24 h) or whose claim was
    // abandoned: unanswered past its lease, for the same request, with nothing committed. Concurrent
    // claimers of one key queue on its row and each re-checks the condition on the row the previous
    // one left, so exactly one wins.
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, key) DO UPDATE
          SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at, status_code = NULL, response = NULL
        WHERE k.created_at < $5
           OR (k.status_code IS NULL AND k.response IS NULL AND k.created_at < $6 AND k.fingerprint = EXCLUDED.fingerprint)
       RETURNING 1`,
      [userId, key, fingerprint, now, new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS), new Date(now.getTime() - IDEMPOTENCY_LEASE_MS)],
    );
    if (claimed.length === 0) return this.replay(userId, key, fingerprint, reply);
    const claim: IdempotencyClaim = { userId, key, at: now, statusCode };
    const renewal = setInterval(() => void this.renew(claim), IDEMPOTENCY_LEASE_MS / 3);
    let body: unknown;
    try {
      // next.handle() is called inside the claim's context, so the handler's transactions mark it on commit.
      body = await currentClaim.run(claim, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (error) {
      clearInterval(renewal);
      // Release the key (unless the handler committed something before failing) so the client can
      // retry with it at once. When the database is what failed, the client is not kept waiting for
      // it: the release is tried in the background, and if it fails the claim's lease frees the key.
      const release = this.dataSource
        .query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status_code IS NULL AND response IS NULL`, [userId, key])
        .catch(() => undefined);
      if (toProblem(error).body.status !== 503) await release;
      throw error;
    }
    clearInterval(renewal);
    // Stored with the change itself (answerOnCommit): nothing left to do.
    if (claim.answerWritten && claim.answer === body) return body;
    try {
      await this.dataSource.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2`, [
        userId,
        key,
        statusCode,
        JSON.stringify(body ?? null),
      ]);
    } catch {
      // The change is made and its answer is known: give it to the client rather than a 503 that would
      // make it retry. The claim stays marked as committed, so a retry is never carried out twice.
      this.logger.warn({ userId }, 'the answer of an idempotent request could not be stored');
    }
    return body;
  }

  /** Keeps a running request's claim alive; a failure is harmless while the lease lasts. */
  private async renew(claim: IdempotencyClaim): Promise<void> {
    const at = this.clock.now();
    try {
      const renewed: unknown[] = await this.dataSource.query(
        `UPDATE idempotency_keys SET created_at = $4 WHERE user_id = $1 AND key = $2 AND created_at = $3 AND status_code IS NULL RETURNING 1`,
        [claim.userId, claim.key, claim.at, at],
      );
      if (renewed.length) claim.at = at;
    } catch {
      // The next renewal tries again.
    }
  }

  private async replay(userId: string, key: string, fingerprint: Buffer, reply: ReplyLike): Promise<unknown> {
    const [stored]: { fingerprint: Buffer; status_code: number | null; response: unknown; created_at: Date }[] =
      await this.dataSource.query(
        `SELECT fingerprint, status_code, response, created_at FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, key],
      );
    if (!stored) throw new Conflict('The first request with this Idempotency-Key failed meanwhile; retry.', 'idempotency-retry');
    if (!stored.fingerprint.equals(fingerprint)) {
      throw new BusinessRuleViolated(
        'idempotency-key-reused',
        'This Idempotency-Key was already used for a different request; use a new key.',
      );
    }
    if (stored.status_code === null) {
      const leaseLeftMs = new Date(stored.created_at).getTime() + IDEMPOTENCY_LEASE_MS - this.clock.now().getTime();
      if (leaseLeftMs <= 0 && stored.response !== null) {
        throw new Conflict(
          'The request with this Idempotency-Key was carried out, but its answer was lost. Do not repeat it: look the result up instead.',
          'idempotency-answer-lost',
        );
      }
      const seconds = Math.max(1, Math.ceil(leaseLeftMs / 1000));
      throw new DomainError(
        409,
        'idempotency-in-progress',
        'Conflict',
        `A request with this Idempotency-Key is still being processed. Retry in ${seconds} s: you will get its answer, ` +
          `or, if it failed without one, the key is free again.`,
        undefined,
        { 'Retry-After': String(seconds) },
      );
    }
    reply.status(stored.status_code);
    reply.header('Idempotency-Replayed', 'true');
    return lastValueFrom(of(stored.response));
  }
}

/** Marks a creating route as accepting an Idempotency-Key header. */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      schema: { type: 'string', pattern: KEY.source, minLength: 8, maxLength: 128 },
      description:
        'Repeat a create safely: the same key and body within 24 hours return the first result. 8-128 characters of letters, digits and . _ : - (a UUID will do).',
    }),
  );

/**
 * The key of the fingerprints, derived from the server's secret: a body may hold a password (a new
 * account's), and a plain hash of it in the database could be tried against guesses at the speed of
 * SHA-256, around the argon2id that guards the password itself.
 */
export function idempotencyFingerprintKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('idempotency-fingerprint').digest();
}

/**
 * What a key is bound to: method, path and body, the body's keys sorted, so that the same fields in
 * another order are the same request; keyed (idempotencyFingerprintKey).
 */
export function idempotencyFingerprint(key: Buffer, method: string, path: string, body: unknown): Buffer {
  return (
    createHmac('sha256', key)
      // No body is read as an empty one (the validation pipe does the same).
      .update(`${method} ${path} ${stableStringify(body ?? {})}`)
      .digest()
  );
}
