import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { elseLeadsElseTeamSql, NotificationsService, TEAM_ROLES, teamOfSql, type Reminder } from '@app/reminders';
import { formatCaseCode } from './case-code/case-code';

/**
 * Who is reminded of a case's follow-up, as an SQL array over the case row `c`: its assignee while an
 * active counsellor or lead of the owning organisation (deactivating a user leaves its cases assigned),
 * else the organisation's leads, else its team.
 */
const FOLLOW_UP_RECIPIENTS = elseLeadsElseTeamSql(
  `(SELECT array_agg(id) FROM users WHERE id = c.assignee_id AND ${teamOfSql('c.organisation_id', `'{${TEAM_ROLES.join(',')}}'`)})`,
  'c.organisation_id',
);

/**
 * Cases whose follow-up date has come: tell each one's assignee, else somebody who can act on it
 * (FOLLOW_UP_RECIPIENTS). One query for all the batch's cases and their recipients plus one INSERT, no
 * entity: this runs for every delivery.
 */
@Injectable()
export class CaseRemindersService {
  constructor(private readonly notifications: NotificationsService) {}

  async followUpDue(manager: EntityManager, reminders: Reminder[]): Promise<void> {
    const caseIds = reminders.flatMap((reminder) => (reminder.caseId ? [reminder.caseId] : []));
    if (caseIds.length === 0) return;
    const found: { id: string; code: string; follow_up_on: string | null; recipients: string[] | null }[] = await manager.query(
      `SELECT c.id, c.code, c.follow_up_on::text AS follow_up_on, ${FOLLOW_UP_RECIPIENTS} AS recipients
         FROM cases c WHERE c.id = ANY($1::uuid[]) AND c.status <> 'closed'`,
      [caseIds],
    );
    await this.notifications.notifyEach(
      manager,
      found.map((subject) => ({
        recipientIds: subject.recipients ?? [],
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
