import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/core';
import { Reminder, type ReminderKind } from './reminder.entity';

/** Writes and cancels reminders inside the caller's transaction; the worker delivers them. */
@Injectable()
export class RemindersService {
  constructor(private readonly clock: Clock) {}

  /** Schedules (or moves) the one live reminder of this kind for a hand-off or case. */
  async schedule(
    manager: EntityManager,
    reminder: { kind: ReminderKind; caseId: string; handoffId?: string | null; dueAt: Date },
  ): Promise<void> {
    const conflictTarget = reminder.handoffId
      ? '(handoff_id, kind) WHERE handoff_id IS NOT NULL'
      : '(case_id, kind) WHERE handoff_id IS NULL';
    await manager.query(
      `INSERT INTO reminders (kind, case_id, handoff_id, due_at, status)
       VALUES ($1, $2, $3, $4, 'scheduled')
       ON CONFLICT ${conflictTarget}
       DO UPDATE SET due_at = EXCLUDED.due_at, status = 'scheduled', settled_at = NULL,
                     enqueued_at = CASE WHEN reminders.due_at = EXCLUDED.due_at THEN reminders.enqueued_at END`,
      [reminder.kind, reminder.caseId, reminder.handoffId ?? null, reminder.dueAt],
    );
  }

  /** Cancels the still-scheduled reminders of these kinds (a transition made them moot). */
  async cancel(manager: EntityManager, subject: { handoffId?: string; caseId?: string }, kinds: ReminderKind[]): Promise<void> {
    const builder = manager
      .createQueryBuilder()
      .update(Reminder)
      .set({ status: 'cancelled', settledAt: this.clock.now() })
      .where("status = 'scheduled' AND kind IN (:...kinds)", { kinds });
    if (subject.handoffId) builder.andWhere('handoff_id = :handoffId', { handoffId: subject.handoffId });
    else builder.andWhere('case_id = :caseId AND handoff_id IS NULL', { caseId: subject.caseId });
    await builder.execute();
  }
}
