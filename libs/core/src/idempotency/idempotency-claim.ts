import { AsyncLocalStorage } from 'node:async_hooks';
import { EventSubscriber, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';

/** The Idempotency-Key a request holds while its handler runs. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  /** The claim's `created_at` as last written by this request (its lease). */
  at: Date;
}

/** Set by the interceptor around the handler, so its transactions know which key they work for. */
export const currentClaim = new AsyncLocalStorage<IdempotencyClaim>();

/** What an unanswered claim holds in `response` once its request's changes are committed. */
export const COMMITTED = { committed: true };

/**
 * Marks the claim in the same transaction as the handler's changes, right before COMMIT. Without
 * the mark, a request whose COMMIT went through but whose answer was lost (the database went silent,
 * the process died) would look abandoned once its lease ran out, and a retry would do it all again.
 * With it, the claim is never taken over: the transaction either committed together with the mark
 * or rolled back without it.
 */
@EventSubscriber()
export class IdempotencyCommitSubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const claim = currentClaim.getStore();
    if (!claim) return;
    await event.queryRunner.query(
      `UPDATE idempotency_keys SET response = $3 WHERE user_id = $1 AND key = $2 AND status_code IS NULL AND response IS NULL`,
      [claim.userId, claim.key, JSON.stringify(COMMITTED)],
    );
  }
}
