import type { DataSource } from 'typeorm';

const BATCH = 500;

/**
 * Deletes the sign-in sessions that have ended (signed out, revoked, or past their absolute
 * lifetime), and with them their refresh tokens (ON DELETE CASCADE). None of their tokens can be
 * used again, and every refresh adds a row: kept, they would grow by tens of thousands of rows a
 * day. A spent token of a deleted session is then refused as unknown instead of as reused; either
 * way it is a 401. The audit log keeps the sign-ins, sign-outs and revocations. Returns how many.
 */
export async function purgeEndedSessions(dataSource: DataSource, now: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const [{ count }]: { count: number }[] = await dataSource.query(
      `WITH ended AS (
         DELETE FROM sessions
          WHERE id IN (SELECT id FROM sessions WHERE revoked_at IS NOT NULL OR expires_at <= $1 LIMIT ${BATCH})
         RETURNING 1)
       SELECT count(*)::int AS count FROM ended`,
      [now],
    );
    deleted += count;
    if (count < BATCH) return deleted;
  }
}
