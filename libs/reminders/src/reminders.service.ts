import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, runWrites, type SqlWrite } from '@app/core';
import { Reminder, type ReminderKind } from './reminder.entity';

export interface ReminderDraft {
  kind: ReminderKind;
  caseId: string;
  handoffId?: string | null;
  dueAt: Date;
}

/** Writes and cancels reminders inside the caller's transaction; the worker delivers them. */
@Injectable()
export class RemindersService {
  constructor(private readonly clock: Clock) {}

  /** Schedules (or moves) the one live reminder of each kind for a hand-off or case. */
  async schedule(manager: EntityManager, ...reminders: ReminderDraft[]): Promise<void> {
    const writes = this.scheduleWrites(...reminders);
    if (writes.length) await runWrites(manager, writes);
  }

  /** The upserts that schedule these reminders, for runWrites: one for those of hand-offs, one for those of cases. */
  scheduleWrites(...reminders: ReminderDraft[]): SqlWrite[] {
    const ofHandoffs = reminders.filter((reminder) => reminder.handoffId);
    const ofCases = reminders.filter((reminder) => !reminder.handoffId);
    return [
      ...(ofHandoffs.length ? [upsert(ofHandoffs, '(handoff_id, kind) WHERE handoff_id IS NOT NULL')] : []),
      ...(ofCases.length ? [upsert(ofCases, '(case_id, kind) WHERE handoff_id IS NULL')] : []),
    ];
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

function upsert(reminders: ReminderDraft[], conflictTarget: string): SqlWrite {
  return {
    sql: `INSERT INTO reminders (kind, case_id, handoff_id, due_at, status)
          SELECT kind, case_id, handoff_id, due_at, 'scheduled'
            FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::timestamptz[]) AS r(kind, case_id, handoff_id, due_at)
          ON CONFLICT ${conflictTarget}
          DO UPDATE SET due_at = EXCLUDED.due_at, status = 'scheduled', settled_at = NULL,
                        enqueued_at = CASE WHEN reminders.due_at = EXCLUDED.due_at THEN reminders.enqueued_at END`,
    parameters: [
      reminders.map((reminder) => reminder.kind),
      reminders.map((reminder) => reminder.caseId),
      reminders.map((reminder) => reminder.handoffId ?? null),
      reminders.map((reminder) => reminder.dueAt),
    ],
  };
}
