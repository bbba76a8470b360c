import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { NotificationsService, type Reminder } from '@app/reminders';
import { formatCaseCode } from './case-code/case-code';
import { Case } from './case.entity';

/** The case's follow-up date has come: tell the assignee (or the organisation's leads if nobody has it). */
@Injectable()
export class CaseRemindersService {
  constructor(private readonly notifications: NotificationsService) {}

  async followUpDue(manager: EntityManager, reminder: Reminder): Promise<void> {
    const found = await manager.findOne(Case, { where: { id: reminder.caseId } });
    if (!found || found.status === 'closed') return;
    const recipients = found.assigneeId ? [found.assigneeId] : await this.notifications.teamOf(manager, found.organisationId, ['lead']);
    await this.notifications.notify(manager, recipients, {
      kind: 'case_follow_up_due',
      caseId: found.id,
      caseCode: formatCaseCode(found.code),
      data: { followUpOn: found.followUpOn },
    });
  }
}
