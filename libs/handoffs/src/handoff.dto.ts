import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsObject, IsUUID, Matches, ValidateNested } from 'class-validator';
import { CodeList, DATE_TIME_WITH_ZONE, Optional, PageQuery, Text } from '@app/core';
import { URGENCIES, type AgeBand, type Gender, type ResidenceStatus, type Urgency } from '@app/cases';
import {
  CONSENT_METHODS,
  CONSENT_SCOPES,
  DECLINE_REASONS,
  DECLINING_PARTIES,
  HANDOFF_KINDS,
  HANDOFF_OUTCOMES,
  HANDOFF_STATUSES,
  type ConsentMethod,
  type ConsentScope,
  type DeclineReason,
  type DecliningParty,
  type HandoffKind,
  type HandoffOutcome,
  type HandoffStatus,
} from './handoff-vocabulary';

/** RFC 3339: a calendar date, a time and an offset (a time without one would be read in the server's zone). */

export class ConsentDto {
  @ApiProperty({ description: 'Must be true: the client agreed to this hand-off (422 otherwise).' })
  @IsBoolean()
  given!: boolean;

  @ApiProperty({
    format: 'date-time',
    example: '2026-11-27T10:30:00+01:00',
    description:
      'When the client consented: a date-time with its time zone, not in the future (5 minutes of clock skew are tolerated). Answered in UTC.',
  })
  @Matches(DATE_TIME_WITH_ZONE, { message: 'must be a date-time with its time zone, e.g. 2026-11-27T10:30:00+01:00' })
  @IsISO8601({ strict: true })
  givenAt!: string;

  @ApiProperty({ enum: CONSENT_METHODS })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @ApiProperty({
    enum: CONSENT_SCOPES,
    description:
      '`this_handoff`: the target reads the case from acceptance until it completes the referral. ' +
      '`handoff_and_follow_up`: it keeps reading it after completing, for the follow-up.',
  })
  @IsIn(CONSENT_SCOPES)
  scope!: ConsentScope;
}

export class CreateHandoffDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  targetOrganisationId!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  targetServiceId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A named counsellor at the target; the whole team still sees it.' })
  @Optional()
  @IsUUID()
  targetUserId?: string;

  @ApiProperty({ enum: HANDOFF_KINDS })
  @IsIn(HANDOFF_KINDS)
  kind!: HandoffKind;

  @CodeList({ description: 'Counselling domains the target should help with.', required: true, max: 17 })
  domains!: string[];

  @Text({ required: true, min: 1, max: 4000, description: 'For the target; checked for personal identifiers.' })
  message!: string;

  @ApiPropertyOptional({ enum: URGENCIES, description: "Defaults to the case's urgency." })
  @Optional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiProperty({ type: ConsentDto, description: "The client's documented consent (422 without it)." })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentDto)
  consent?: ConsentDto;
}

export class AcceptHandoffDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Who works on it; defaults to you. Only a lead may name a colleague (403).' })
  @Optional()
  @IsUUID()
  assigneeId?: string;
}

export class DeclineHandoffDto {
  @ApiProperty({ enum: DECLINE_REASONS })
  @IsIn(DECLINE_REASONS)
  reason!: DeclineReason;

  @ApiPropertyOptional({ enum: DECLINING_PARTIES, default: 'provider', description: 'Whether the client or the provider declined.' })
  @Optional()
  @IsIn(DECLINING_PARTIES)
  declinedBy?: DecliningParty;

  @Text({ max: 2000, description: 'Checked for personal identifiers.' })
  comment?: string;
}

export class WithdrawHandoffDto {
  @Text({ max: 2000, description: 'Checked for personal identifiers.' })
  comment?: string;
}

export class CompleteHandoffDto {
  @ApiProperty({ enum: HANDOFF_OUTCOMES })
  @IsIn(HANDOFF_OUTCOMES)
  outcome!: HandoffOutcome;

  @Text({ max: 2000, description: 'Checked for personal identifiers.' })
  comment?: string;
}

export class HandoffListQuery extends PageQuery {
  @ApiProperty({ enum: ['incoming', 'outgoing'] })
  @IsIn(['incoming', 'outgoing'])
  direction!: 'incoming' | 'outgoing';

  @ApiPropertyOptional({ enum: HANDOFF_STATUSES })
  @Optional()
  @IsIn(HANDOFF_STATUSES)
  status?: HandoffStatus;
}

export class HandoffAttributesView {
  @ApiProperty({ nullable: true, type: String }) district!: string | null;
  @ApiProperty({ nullable: true, type: String }) ageBand!: AgeBand | null;
  @ApiProperty({ nullable: true, type: String }) gender!: Gender | null;
  @ApiProperty({ nullable: true, type: String }) residenceStatus!: ResidenceStatus | null;
}

export class HandoffView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: HANDOFF_KINDS }) kind!: HandoffKind;
  @ApiProperty({ enum: HANDOFF_STATUSES }) status!: HandoffStatus;
  @ApiProperty({ enum: ['incoming', 'outgoing'] }) direction!: 'incoming' | 'outgoing';
  @ApiProperty({ example: 'K7QM-2XHD' }) caseCode!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Null for the target until it accepts.' }) caseId!:
    string | null;
  @ApiProperty({ format: 'uuid' }) sendingOrganisationId!: string;
  @ApiProperty({ format: 'uuid' }) senderId!: string;
  @ApiProperty({ format: 'uuid' }) targetOrganisationId!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) targetServiceId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) targetUserId!: string | null;
  @ApiProperty({ type: [String] }) domains!: string[];
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'Null for the target once the hand-off ended without acceptance (declined, withdrawn, expired): it was shared only for the decision.',
  })
  message!: string | null;
  @ApiProperty({ enum: URGENCIES }) urgency!: Urgency;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() interpreterNeeded!: boolean;
  @ApiProperty({ type: HandoffAttributesView }) attributes!: HandoffAttributesView;
  @ApiProperty({ type: ConsentDto }) consent!: ConsentDto;
  @ApiProperty({ format: 'date-time' }) responseDueAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) targetAssigneeId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) respondedAt!: string | null;
  @ApiProperty({ nullable: true, enum: DECLINE_REASONS }) declineReason!: DeclineReason | null;
  @ApiProperty({ nullable: true, enum: DECLINING_PARTIES }) declinedBy!: DecliningParty | null;
  @ApiProperty({ nullable: true, enum: HANDOFF_OUTCOMES }) outcome!: HandoffOutcome | null;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** Free text of a hand-off: read only one hand-off at a time (GET /handoffs/:id), where each read is audited. */
export const HANDOFF_FREE_TEXT = ['message', 'comment'] as const;

/** A hand-off in a list: everything but its free text. */
export class HandoffSummary extends OmitType(HandoffView, HANDOFF_FREE_TEXT) {}

export class HandoffPage {
  @ApiProperty({ type: [HandoffSummary], description: 'Without the free text (`message`, `comment`): read a hand-off for it.' })
  items!: HandoffSummary[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
