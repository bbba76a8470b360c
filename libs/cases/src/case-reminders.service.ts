import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService, teamOfSql, type Reminder } from '@app/reminders';
import { formatCaseCode } from './case-code/case-code';

/**
 * Cases whose follow-up date has come: tell each one's assignee (or the organisation's leads if
 * nobody has it). One query for all the batch's cases and their recipients plus one INSERT, no
 * entity: this runs for every delivery.
 */
@Injectable()
export class CaseRemindersService {
  constructor(private readonly notifications: NotificationsService) {}

  async followUpDue(manager: EntityManager, reminders: Reminder[]): Promise<void> {
    const caseIds = reminders.flatMap((reminder) => (reminder.caseId ? [reminder.caseId] : []));
    if (caseIds.length === 0) return;
    const found: { id: string; code: string; follow_up_on: string | null; recipients: string[] }[] = await manager.query(
      `SELECT c.id, c.code, c.follow_up_on::text AS follow_up_on,
              CASE WHEN c.assignee_id IS NOT NULL THEN ARRAY[c.assignee_id]
                   ELSE ARRAY(SELECT id FROM users WHERE ${teamOfSql('c.organisation_id', '$2')}) END AS recipients
         FROM cases c WHERE c.id = ANY($1::uuid[]) AND c.status <> 'closed'`,
      [caseIds, ['lead']],
    );
    await this.notifications.notifyEach(
      manager,
      found.map((subject) => ({
        recipientIds: subject.recipients,
        draft: {
          kind: 'case_follow_up_due',
          caseId: subject.id,
          caseCode: formatCaseCode(subject.code),
          data: { followUpOn: subject.follow_up_on },
        },
      })),
    );
  }
}
