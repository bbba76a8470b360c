import type { DataSource } from 'typeorm';

/** How long an Idempotency-Key and its stored answer are kept (a retry after that is a new request). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

const BATCH = 5000;

/**
 * Deletes the Idempotency-Keys past their 24 hours. Their stored answers are what the request
 * answered: a note's text, a hand-off's message. Kept, they would outlive their purpose and the
 * retention of the case they belong to, and the table would grow with every write. In batches, so
 * that no statement holds many row locks for long. Returns how many were deleted.
 */
export async function purgeExpiredIdempotencyKeys(dataSource: DataSource, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS);
  let deleted = 0;
  for (;;) {
    const [{ count }]: { count: number }[] = await dataSource.query(
      `WITH expired AS (
         DELETE FROM idempotency_keys
          WHERE (user_id, key) IN (SELECT user_id, key FROM idempotency_keys WHERE created_at < $1 LIMIT ${BATCH})
         RETURNING 1)
       SELECT count(*)::int AS count FROM expired`,
      [cutoff],
    );
    deleted += count;
    if (count < BATCH) return deleted;
  }
}
