import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatCaseCode } from '@app/cases';
import { NotificationsService, type Reminder } from '@app/reminders';
import { Handoff } from '../handoff.entity';
import { HandoffsService } from '../handoffs.service';

/**
 * What each hand-off reminder does when it falls due (inside the delivery transaction). A reminder
 * whose hand-off moved on in the meantime does nothing; transitions also cancel them.
 */
@Injectable()
export class HandoffRemindersService {
  constructor(
    private readonly handoffs: HandoffsService,
    private readonly notifications: NotificationsService,
  ) {}

  /** No answer by the due date: the target's counsellors for the hand-off's domains (else the whole team). */
  async responseDue(manager: EntityManager, reminder: Reminder): Promise<void> {
    const handoff = await this.find(manager, reminder, 'pending');
    if (!handoff) return;
    const specialists: { id: string }[] = await manager.query(
      `SELECT id FROM users WHERE organisation_id = $1 AND active AND 'counsellor' = ANY(roles) AND domains && $2::text[]`,
      [handoff.targetOrganisationId, handoff.domains],
    );
    const recipients = specialists.length
      ? specialists.map((row) => row.id)
      : await this.notifications.teamOf(manager, handoff.targetOrganisationId);
    if (handoff.targetUserId) recipients.push(handoff.targetUserId);
    await this.notify(manager, recipients, 'handoff_response_due', handoff);
  }

  /** Still no answer one working day later: the target's leads and the sender. */
  async escalation(manager: EntityManager, reminder: Reminder): Promise<void> {
    const handoff = await this.find(manager, reminder, 'pending');
    if (!handoff) return;
    const leads = await this.notifications.teamOf(manager, handoff.targetOrganisationId, ['lead']);
    await this.notify(manager, [...leads, handoff.senderId], 'handoff_escalated', handoff);
  }

  /** Nobody answered within the grace period: the hand-off expires and the sender is told to choose another target. */
  async expiry(manager: EntityManager, reminder: Reminder): Promise<void> {
    if (reminder.handoffId) await this.handoffs.expire(reminder.handoffId, manager);
  }

  /** Accepted a while ago and not completed: ask whoever works on it to record the outcome. */
  async outcomeDue(manager: EntityManager, reminder: Reminder): Promise<void> {
    const handoff = await this.find(manager, reminder, 'accepted');
    if (!handoff) return;
    const recipients = handoff.targetAssigneeId
      ? [handoff.targetAssigneeId]
      : await this.notifications.teamOf(manager, handoff.targetOrganisationId, ['lead']);
    await this.notify(manager, recipients, 'handoff_outcome_due', handoff);
  }

  private async find(manager: EntityManager, reminder: Reminder, status: Handoff['status']): Promise<Handoff | null> {
    if (!reminder.handoffId) return null;
    return manager.findOne(Handoff, { where: { id: reminder.handoffId, status } });
  }

  private notify(
    manager: EntityManager,
    recipients: string[],
    kind: 'handoff_response_due' | 'handoff_escalated' | 'handoff_outcome_due',
    handoff: Handoff,
  ) {
    return this.notifications.notify(manager, recipients, {
      kind,
      handoffId: handoff.id,
      caseCode: formatCaseCode(handoff.caseCode),
      data: { kind: handoff.kind, responseDueAt: handoff.responseDueAt.toISOString() },
    });
  }
}
