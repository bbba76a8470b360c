import { Injectable } from '@nestjs/common';
import { Clock, type SqlWrite } from '@app/core';
import type { ReminderKind } from './reminder.entity';

export interface ReminderDraft {
  kind: ReminderKind;
  caseId: string;
  handoffId?: string | null;
  dueAt: Date;
}

/** Whose reminders: a hand-off's, or a case's own (not those of its hand-offs). */
export type ReminderSubject = { handoffId: string } | { caseId: string };

/** The writes that schedule and cancel reminders, run in the caller's transaction (runWrites); the worker delivers them. */
@Injectable()
export class RemindersService {
  constructor(private readonly clock: Clock) {}

  /**
   * The upserts that schedule (or move) the one live reminder of each kind for a hand-off or case, for
   * runWrites: one for those of hand-offs, one for those of cases.
   */
  scheduleWrites(...reminders: ReminderDraft[]): SqlWrite[] {
    const ofHandoffs = reminders.filter((reminder) => reminder.handoffId);
    const ofCases = reminders.filter((reminder) => !reminder.handoffId);
    return [
      ...(ofHandoffs.length ? [upsert(ofHandoffs, '(handoff_id, kind) WHERE handoff_id IS NOT NULL')] : []),
      ...(ofCases.length ? [upsert(ofCases, '(case_id, kind) WHERE handoff_id IS NULL')] : []),
    ];
  }

  /** The UPDATE that cancels the still-scheduled reminders of these kinds (a transition made them moot), for runWrites. */
  cancelWrite(subject: ReminderSubject, kinds: readonly ReminderKind[]): SqlWrite {
    const ofSubject = 'handoffId' in subject ? 'handoff_id = $3' : 'case_id = $3 AND handoff_id IS NULL';
    return {
      sql: `UPDATE reminders SET status = 'cancelled', settled_at = $1 WHERE status = 'scheduled' AND kind = ANY($2::text[]) AND ${ofSubject}`,
      parameters: [this.clock.now(), kinds, 'handoffId' in subject ? subject.handoffId : subject.caseId],
    };
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
