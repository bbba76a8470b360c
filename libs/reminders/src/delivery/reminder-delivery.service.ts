import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { camelCaseRow, Clock, returnedRows } from '@app/core';
import type { Reminder } from '../reminder.entity';
import { REMINDER_HANDLERS, type ReminderHandlers } from './reminder-handlers';

export type DeliveryOutcome = 'delivered' | 'not-due' | 'settled';

/** Reminders delivered in one transaction at most. */
const MAX_BATCH = 50;
/** Delivery transactions one process runs at once; jobs arriving meanwhile wait and form the next batch. */
const MAX_IN_FLIGHT = 4;

interface Waiting {
  reminderId: string;
  resolve: (outcome: DeliveryOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Delivers reminders: a conditional UPDATE claims each (only a scheduled, due reminder), and the
 * kind's effect runs in the same transaction. BullMQ delivers at least once; a second run of the
 * same job (retry, stalled lock, second worker) finds nothing to claim and does nothing.
 *
 * This is the hot path of a burst, where the cost is round trips: so the jobs running at the same
 * time in this process are delivered together, in one transaction with one lock-and-claim statement
 * (raw SQL, plain rows), and the handlers read and write set-based. Each job still gets its own
 * reminder's outcome; when a batch fails, its reminders are tried one by one, so one bad reminder
 * fails only its own job.
 */
@Injectable()
export class ReminderDeliveryService {
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REMINDER_HANDLERS) private readonly handlers: ReminderHandlers,
    private readonly clock: Clock,
  ) {}

  deliver(reminderId: string): Promise<DeliveryOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ reminderId, resolve, reject });
      // On the next turn, so that the jobs started in this one join the batch.
      if (this.waiting.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.settle(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async settle(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.deliverAll(batch.map((entry) => entry.reminderId));
      for (const entry of batch) entry.resolve(outcomes.get(entry.reminderId) ?? 'settled');
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const entry of batch) {
        await this.deliverAll([entry.reminderId]).then(
          (outcomes) => entry.resolve(outcomes.get(entry.reminderId) ?? 'settled'),
          (single: unknown) => entry.reject(single),
        );
      }
    }
  }

  private deliverAll(reminderIds: string[]): Promise<Map<string, DeliveryOutcome>> {
    const ids = [...new Set(reminderIds)];
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      // Lock order as in the API's transitions: the hand-offs first, then their reminders; otherwise
      // an expiry delivered while someone declines could deadlock with them. The hashed sub-plan locks
      // all hand-offs (in id order, as another batch would) before the UPDATE locks any reminder;
      // the UPDATE re-checks a reminder that a transition changed meanwhile.
      const claimed = returnedRows<Record<string, unknown>>(
        await manager.query(
          `WITH subjects AS (
             SELECT h.id FROM handoffs h
              WHERE h.id IN (SELECT handoff_id FROM reminders WHERE id = ANY($1::uuid[]))
              ORDER BY h.id FOR UPDATE
           )
           UPDATE reminders r SET status = 'delivered', settled_at = $2
            WHERE r.id = ANY($1::uuid[]) AND r.status = 'scheduled' AND r.due_at <= $2
              AND (r.handoff_id IS NULL OR r.handoff_id IN (SELECT id FROM subjects))
           RETURNING r.*`,
          [ids, now],
        ),
      );
      const outcomes = new Map<string, DeliveryOutcome>();
      const byKind = new Map<Reminder['kind'], Reminder[]>();
      for (const row of claimed) {
        const reminder = camelCaseRow<Reminder>(row) as Reminder;
        const ofKind = byKind.get(reminder.kind);
        if (ofKind) ofKind.push(reminder);
        else byKind.set(reminder.kind, [reminder]);
        outcomes.set(reminder.id, 'delivered');
      }
      for (const [kind, reminders] of byKind) await this.handlers[kind](manager, reminders);
      const unclaimed = ids.filter((id) => !outcomes.has(id));
      if (unclaimed.length) {
        // Not due yet (its due time moved later): hand it back to the poller. The rest is settled.
        const moved = returnedRows<{ id: string }>(
          await manager.query(
            `UPDATE reminders SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'scheduled' AND due_at > $2 RETURNING id`,
            [unclaimed, now],
          ),
        );
        for (const { id } of moved) outcomes.set(id, 'not-due');
      }
      return outcomes;
    });
  }
}
