import type { DataSource } from 'typeorm';
import { deleteInBatches } from '@app/core';

/**
 * Deletes the sign-in sessions that have ended (signed out, revoked, or past their absolute
 * lifetime), and with them their refresh tokens (ON DELETE CASCADE, hence the smaller batches). None
 * of their tokens can be used again, and every refresh adds a row: kept, they would grow by tens of
 * thousands of rows a day. A spent token of a deleted session is then refused as unknown instead of
 * as reused; either way it is a 401. The audit log keeps the sign-ins, sign-outs and revocations.
 * Returns how many.
 */
export function purgeEndedSessions(dataSource: DataSource, now: Date): Promise<number> {
  return deleteInBatches(dataSource, {
    table: 'sessions',
    key: 'id',
    condition: 'revoked_at IS NOT NULL OR expires_at <= $1',
    parameters: [now],
    batch: 500,
  });
}
