import { createHash } from 'node:crypto';
import {
  applyDecorators,
  Injectable,
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
import { BusinessRuleViolated, Conflict, ValidationFailed } from '../errors/domain-error';

const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const RETENTION_MS = 24 * 3_600_000;

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
 * primary key, so two concurrent retries cannot both run the handler.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

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
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url.split('?')[0]} ${JSON.stringify(request.body ?? null)}`)
      .digest();
    const now = this.clock.now();
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < $3`, [
      userId,
      key,
      new Date(now.getTime() - RETENTION_MS),
    ]);
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`,
      [userId, key, fingerprint, now],
    );
    if (claimed.length === 0) return this.replay(userId, key, fingerprint, reply);
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.dataSource.query(`UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2`, [
        userId,
        key,
        statusCode,
        JSON.stringify(body ?? null),
      ]);
      return body;
    } catch (error) {
      // A failed request created nothing: release the key so the client can retry with it.
      await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2`, [userId, key]);
      throw error;
    }
  }

  private async replay(userId: string, key: string, fingerprint: Buffer, reply: ReplyLike): Promise<unknown> {
    const [stored]: { fingerprint: Buffer; status_code: number | null; response: unknown }[] = await this.dataSource.query(
      `SELECT fingerprint, status_code, response FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    );
    if (!stored) throw new Conflict('The first request with this Idempotency-Key failed meanwhile; retry.', 'idempotency-retry');
    if (!stored.fingerprint.equals(fingerprint)) {
      throw new BusinessRuleViolated(
        'idempotency-key-reused',
        'This Idempotency-Key was already used for a different request; use a new key.',
      );
    }
    if (stored.status_code === null)
      throw new Conflict('A request with this Idempotency-Key is still being processed.', 'idempotency-in-progress');
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
      description: 'Repeat a create safely: the same key and body within 24 hours return the first result.',
    }),
  );
