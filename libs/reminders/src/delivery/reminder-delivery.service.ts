import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { affectedRows, camelCaseRow, Clock, returnedRows } from '@app/core';
import type { Reminder } from '../reminder.entity';
import { REMINDER_HANDLERS, type ReminderHandlers } from './reminder-handlers';

export type DeliveryOutcome = 'delivered' | 'not-due' | 'settled';

/**
 * Delivers one reminder: a conditional UPDATE claims it (only a scheduled, due reminder), and the
 * kind's effect runs in the same transaction. BullMQ delivers at least once; a second run of the
 * same job (retry, stalled lock, second worker) finds nothing to claim and does nothing.
 *
 * This is the hot path of a burst (one transaction per reminder), so it is raw SQL with plain rows:
 * the lock and the claim are one statement, and the handlers read and write set-based.
 */
@Injectable()
export class ReminderDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REMINDER_HANDLERS) private readonly handlers: ReminderHandlers,
    private readonly clock: Clock,
  ) {}

  async deliver(reminderId: string): Promise<DeliveryOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      // Lock order as in the API's transitions: the hand-off first, then its reminders; otherwise an
      // expiry delivered while someone declines could deadlock with them. The sub-select locks the
      // hand-off while the reminder row is only read; the UPDATE locks the reminder afterwards (and
      // re-checks it if a transition changed it meanwhile).
      const [row] = returnedRows<Record<string, unknown>>(
        await manager.query(
          `WITH subject AS (
             SELECT h.id FROM handoffs h WHERE h.id = (SELECT handoff_id FROM reminders WHERE id = $1) FOR UPDATE
           )
           UPDATE reminders r SET status = 'delivered', settled_at = $2
            WHERE r.id = $1 AND r.status = 'scheduled' AND r.due_at <= $2
              AND (r.handoff_id IS NULL OR r.handoff_id IN (SELECT id FROM subject))
           RETURNING r.*`,
          [reminderId, now],
        ),
      );
      if (!row) {
        // Not due yet (its due time moved later): hand it back to the poller.
        const moved = await manager.query(
          `UPDATE reminders SET enqueued_at = NULL WHERE id = $1 AND status = 'scheduled' AND due_at > $2`,
          [reminderId, now],
        );
        return affectedRows(moved) ? 'not-due' : 'settled';
      }
      const reminder = camelCaseRow<Reminder>(row) as Reminder;
      await this.handlers[reminder.kind](manager, reminder);
      return 'delivered';
    });
  }
}
