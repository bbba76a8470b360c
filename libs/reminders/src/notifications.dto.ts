import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional, PageQuery, type JsonObject } from '@app/core';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification.entity';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: only unread notifications.' })
  @Optional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) handoffId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) caseId!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseCode!: string | null;
  @ApiProperty({
    type: Object,
    additionalProperties: true,
    description:
      'Codes, ids, dates and counts of the kind (never free text). `lead_digest`: `day`, `pending` (referrals waiting for ' +
      'an answer; also `count`), `overdue`, `followUps` (open cases to follow up by today). `lead_weekly_digest`: `week` ' +
      '(ISO, e.g. 2026-W49), `pending` (`count`), `overdue`, `followUps` (due by `followUpsDueBy`, overdue included), and ' +
      'the week before: `pastWeek`, `pastWeekFrom`, `pastWeekTo`, `handoffsReceived`, `handoffsAccepted`, `handoffsDeclined` ' +
      '(so far), `casesOpened`, `casesClosed`. `account_access_granted`: `accountId`, `change` (created, roles_added, ' +
      'reactivated, password_set), `added`, `roles`, `byUserId`, `byNetworkCoordinator`, and `passwordSet` when a password ' +
      'came with a reactivation or a new role. A hand-off notice carries e.g. `reason` or `responseDueAt`.',
  })
  data!: JsonObject;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) readAt!: Date | null;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReadAllResult {
  @ApiProperty({ description: 'How many notifications were marked read.' }) marked!: number;
}
