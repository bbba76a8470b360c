import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService, teamOfSql, type Reminder } from '@app/reminders';
import { formatCaseCode } from './case-code/case-code';

/**
 * The case's follow-up date has come: tell the assignee (or the organisation's leads if nobody has it).
 * One query for the case and its recipients plus one INSERT, no entity: this runs for every delivery.
 */
@Injectable()
export class CaseRemindersService {
  constructor(private readonly notifications: NotificationsService) {}

  async followUpDue(manager: EntityManager, reminder: Reminder): Promise<void> {
    const [found]: { id: string; code: string; follow_up_on: string | null; recipients: string[] }[] = await manager.query(
      `SELECT c.id, c.code, c.follow_up_on::text AS follow_up_on,
              CASE WHEN c.assignee_id IS NOT NULL THEN ARRAY[c.assignee_id]
                   ELSE ARRAY(SELECT id FROM users WHERE ${teamOfSql('c.organisation_id', '$2')}) END AS recipients
         FROM cases c WHERE c.id = $1 AND c.status <> 'closed'`,
      [reminder.caseId, ['lead']],
    );
    if (!found) return;
    await this.notifications.notify(manager, found.recipients, {
      kind: 'case_follow_up_due',
      caseId: found.id,
      caseCode: formatCaseCode(found.code),
      data: { followUpOn: found.follow_up_on },
    });
  }
}
