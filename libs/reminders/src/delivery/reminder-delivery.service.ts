import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { camelCaseRow, Clock } from '@app/core';
import { Reminder } from '../reminder.entity';
import { REMINDER_HANDLERS, type ReminderHandlers } from './reminder-handlers';

export type DeliveryOutcome = 'delivered' | 'not-due' | 'settled';

/**
 * Delivers one reminder: a conditional UPDATE claims it (only a scheduled, due reminder), and the
 * kind's effect runs in the same transaction. BullMQ delivers at least once; a second run of the
 * same job (retry, stalled lock, second worker) finds nothing to claim and does nothing.
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
      // Lock order as in the API's transitions: the hand-off first, then its reminders; otherwise an
      // expiry delivered while someone declines could deadlock with them.
      await manager.query(`SELECT h.id FROM handoffs h JOIN reminders r ON r.handoff_id = h.id WHERE r.id = $1 FOR UPDATE OF h`, [
        reminderId,
      ]);
      const now = this.clock.now();
      const claimed = await manager
        .createQueryBuilder()
        .update(Reminder)
        .set({ status: 'delivered', settledAt: now })
        .where("id = :reminderId AND status = 'scheduled' AND due_at <= :now", { reminderId, now })
        .returning('*')
        .execute();
      if (!claimed.affected) {
        // Not due yet (its due time moved later): hand it back to the poller.
        const moved = await manager
          .createQueryBuilder()
          .update(Reminder)
          .set({ enqueuedAt: null })
          .where("id = :reminderId AND status = 'scheduled' AND due_at > :now", { reminderId, now })
          .execute();
        return moved.affected ? 'not-due' : 'settled';
      }
      const reminder = manager.create(Reminder, camelCaseRow<Reminder>(claimed.raw[0] as Record<string, unknown>));
      await this.handlers[reminder.kind](manager, reminder);
      return 'delivered';
    });
  }
}
