import type { DataSource } from 'typeorm';
import { deleteInBatches } from '../database/delete-in-batches';

/** How long an Idempotency-Key and its stored answer are kept (a retry after that is a new request). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/**
 * Deletes the Idempotency-Keys past their 24 hours. Their stored answers are what the request
 * answered: a note's text, a hand-off's message. Kept, they would outlive their purpose and the
 * retention of the case they belong to, and the table would grow with every write. Returns how many.
 */
export function purgeExpiredIdempotencyKeys(dataSource: DataSource, now: Date): Promise<number> {
  return deleteInBatches(dataSource, {
    table: 'idempotency_keys',
    key: 'user_id, key',
    condition: 'created_at < $1',
    parameters: [new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS)],
    batch: 5000,
  });
}
