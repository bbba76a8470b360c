import { AsyncLocalStorage } from 'node:async_hooks';
import { EventSubscriber, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';

/** The Idempotency-Key a request holds while its handler runs. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  /** The claim's `created_at` as last written by this request (its lease). */
  at: Date;
  /** The status code a replay answers with: the route's own. */
  statusCode: number;
  /** The answer, when the handler gave it before its transaction committed (see answerOnCommit). */
  answer?: unknown;
  /** Set once a transaction wrote `answer` with the claim, right before its COMMIT. */
  answerWritten?: boolean;
}

/** Set by the interceptor around the handler, so its transactions know which key they work for. */
export const currentClaim = new AsyncLocalStorage<IdempotencyClaim>();

/** What an unanswered claim holds in `response` once its request's changes are committed. */
export const COMMITTED = { committed: true };

/**
 * Gives the request's answer to its Idempotency-Key claim, from inside the transaction that makes the
 * change: the answer is then stored in that same transaction, so a retry whose first answer was lost
 * in transit (the COMMIT went through, its acknowledgement did not) gets it replayed instead of a 409.
 * Call it with exactly what the handler returns, last in the transaction's callback. Outside an
 * idempotent request it does nothing.
 */
export function answerOnCommit<T>(answer: T): T {
  const claim = currentClaim.getStore();
  if (claim) claim.answer = answer;
  return answer;
}

/**
 * Marks the claim in the same transaction as the handler's changes, right before COMMIT: with the
 * answer when the handler gave it (answerOnCommit), otherwise as COMMITTED. Without the mark, a
 * request whose COMMIT went through but whose answer was lost (the database went silent, the process
 * died) would look abandoned once its lease ran out, and a retry would do it all again. With it, the
 * claim is never taken over: the transaction either committed together with the mark or rolled back
 * without it.
 */
@EventSubscriber()
export class IdempotencyCommitSubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const claim = currentClaim.getStore();
    if (!claim) return;
    if (claim.answer !== undefined) {
      await event.queryRunner.query(
        `UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE user_id = $1 AND key = $2 AND status_code IS NULL`,
        [claim.userId, claim.key, claim.statusCode, JSON.stringify(claim.answer)],
      );
      claim.answerWritten = true;
      return;
    }
    await event.queryRunner.query(
      `UPDATE idempotency_keys SET response = $3 WHERE user_id = $1 AND key = $2 AND status_code IS NULL AND response IS NULL`,
      [claim.userId, claim.key, JSON.stringify(COMMITTED)],
    );
  }
}
