import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatCaseCode } from '@app/cases';
import { NotificationsService, TEAM_ROLES, teamOfSql, type Reminder } from '@app/reminders';
import type { Handoff } from '../handoff.entity';
import { HandoffsService } from '../handoffs.service';
import { sendingSideSql, targetLeadsElseTeamSql, targetWorkerSql } from '../recipients';

/** The target organisation's team. */
const TARGET_TEAM = teamOfSql('h.target_organisation_id', `'{${TEAM_ROLES.join(',')}}'`);

/** What a notification about a hand-off needs, and who gets it; read in one query, no entity. */
interface Subject {
  id: string;
  kind: Handoff['kind'];
  case_code: string;
  response_due_at: Date;
  recipients: string[] | null;
}

/**
 * What hand-off reminders do when they fall due (inside the delivery transaction, a batch of one kind
 * at a time). A reminder whose hand-off moved on in the meantime does nothing; transitions also cancel
 * them. Each notifying kind is one query for all the batch's hand-offs and their recipients plus one
 * INSERT for all their notifications: this runs for every delivery.
 */
@Injectable()
export class HandoffRemindersService {
  constructor(
    private readonly handoffs: HandoffsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** No answer by the due date: the target's counsellors for the hand-off's domains (else the whole team), and the named counsellor while in the team. */
  async responseDue(manager: EntityManager, reminders: Reminder[]): Promise<void> {
    // array_agg over no rows is NULL, so the team is only read when no specialist matches.
    await this.notify(
      manager,
      reminders,
      'pending',
      'handoff_response_due',
      `COALESCE(
         (SELECT array_agg(id) FROM users
           WHERE organisation_id = h.target_organisation_id AND active AND 'counsellor' = ANY(roles) AND domains && h.domains),
         (SELECT array_agg(id) FROM users WHERE ${TARGET_TEAM})
       ) || ARRAY(SELECT id FROM users WHERE id = h.target_user_id AND ${TARGET_TEAM})`,
    );
  }

  /** Still no answer one working day later: the target's leads, else its team (targetLeadsElseTeamSql), and the sending side (sendingSideSql). */
  async escalation(manager: EntityManager, reminders: Reminder[]): Promise<void> {
    await this.notify(manager, reminders, 'pending', 'handoff_escalated', `${targetLeadsElseTeamSql('h')} || ${sendingSideSql('h')}`);
  }

  /** Nobody answered within the grace period: the hand-off expires, the sender is told to choose another target and the target that it is over. */
  async expiry(manager: EntityManager, reminders: Reminder[]): Promise<void> {
    // A transition each (its own checks, events, notifications and audit entry); expiries are rare.
    for (const { handoffId } of reminders) if (handoffId) await this.handoffs.expire(handoffId, manager);
  }

  /** Accepted a while ago and not completed: ask whoever works on it (targetWorkerSql) to record the outcome. */
  async outcomeDue(manager: EntityManager, reminders: Reminder[]): Promise<void> {
    await this.notify(manager, reminders, 'accepted', 'handoff_outcome_due', targetWorkerSql('h'));
  }

  /**
   * Reads the reminders' hand-offs (`h`, those still in `status`) with their recipients (`recipients`,
   * an SQL array over `h`) and notifies them.
   */
  private async notify(
    manager: EntityManager,
    reminders: Reminder[],
    status: Handoff['status'],
    kind: 'handoff_response_due' | 'handoff_escalated' | 'handoff_outcome_due',
    recipients: string,
  ): Promise<void> {
    const handoffIds = reminders.flatMap((reminder) => (reminder.handoffId ? [reminder.handoffId] : []));
    if (handoffIds.length === 0) return;
    const handoffs: Subject[] = await manager.query(
      `SELECT h.id, h.kind, h.case_code, h.response_due_at, ${recipients} AS recipients
         FROM handoffs h WHERE h.id = ANY($1::uuid[]) AND h.status = $2`,
      [handoffIds, status],
    );
    await this.notifications.notifyEach(
      manager,
      handoffs.map((handoff) => ({
        recipientIds: handoff.recipients ?? [],
        draft: {
          kind,
          handoffId: handoff.id,
          caseCode: formatCaseCode(handoff.case_code),
          data: { kind: handoff.kind, responseDueAt: handoff.response_due_at.toISOString() },
        },
      })),
    );
  }
}
