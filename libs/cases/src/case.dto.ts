import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsUUID, Matches, Min } from 'class-validator';
import { Code, CodeList, Optional, PageQuery, Text, type JsonObject } from '@app/core';
import {
  AGE_BANDS,
  CASE_OUTCOMES,
  CASE_STATUSES,
  CONTACT_CHANNELS,
  GENDERS,
  RESIDENCE_STATUSES,
  URGENCIES,
  type AgeBand,
  type CaseOutcome,
  type CaseStatus,
  type ContactChannel,
  type Gender,
  type ResidenceStatus,
  type Urgency,
} from './case-vocabulary';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Coarse attributes only. There is deliberately no field for a name, birth date, address or contact. */
export class CreateCaseDto {
  @CodeList({ description: 'Counselling domain codes the client needs help with.', required: true, max: 17 })
  needs!: string[];

  @CodeList({ description: 'ISO 639 codes of languages the client speaks.', max: 10 })
  languages?: string[];

  @ApiPropertyOptional({ default: false })
  @Optional()
  @IsBoolean()
  interpreterNeeded?: boolean;

  @ApiPropertyOptional({ enum: URGENCIES, default: 'normal' })
  @Optional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @Code({ description: 'District (Stadtbezirk) code.', nullable: true })
  district?: string | null;

  @ApiPropertyOptional({ enum: AGE_BANDS, nullable: true })
  @Optional({ nullable: true })
  @IsIn(AGE_BANDS)
  ageBand?: AgeBand | null;

  @ApiPropertyOptional({ enum: GENDERS, nullable: true })
  @Optional({ nullable: true })
  @IsIn(GENDERS)
  gender?: Gender | null;

  @ApiPropertyOptional({ enum: RESIDENCE_STATUSES, nullable: true })
  @Optional({ nullable: true })
  @IsIn(RESIDENCE_STATUSES)
  residenceStatus?: ResidenceStatus | null;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, nullable: true })
  @Optional({ nullable: true })
  @IsIn(CONTACT_CHANNELS)
  firstContactChannel?: ContactChannel | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'Follow-up date (YYYY-MM-DD); the assignee is reminded.',
  })
  @Optional({ nullable: true })
  @Matches(DATE_ONLY, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  followUpOn?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the creating counsellor.' })
  @Optional()
  @IsUUID()
  assigneeId?: string;
}

export class UpdateCaseDto extends PartialType(OmitType(CreateCaseDto, ['assigneeId'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: CASE_STATUSES.filter((s) => s !== 'closed'), description: 'Close with POST /cases/:id/close.' })
  @Optional()
  @IsIn(CASE_STATUSES.filter((s) => s !== 'closed'))
  status?: Exclude<CaseStatus, 'closed'>;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Counsellors may assign only their own cases; leads any.',
  })
  @Optional({ nullable: true })
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ description: 'The version you read; if the case changed since, the answer is 409.' })
  @Optional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class CloseCaseDto {
  @ApiProperty({ enum: CASE_OUTCOMES })
  @IsIn(CASE_OUTCOMES)
  outcome!: CaseOutcome;

  @Text({ max: 2000, description: 'Optional closing note; checked for personal identifiers.' })
  comment?: string;
}

export class AddNoteDto {
  @Text({
    required: true,
    min: 1,
    max: 4000,
    description: 'Checked for personal identifiers (e-mail, phone, IBAN, birth dates, addresses, ID numbers).',
  })
  text!: string;
}

export class CaseListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: [...CASE_STATUSES, 'active'], description: '`active`: every status but closed.' })
  @Optional()
  @IsIn([...CASE_STATUSES, 'active'])
  status?: CaseStatus | 'active';

  @ApiPropertyOptional({ description: '`me`, `none` or a user id.' })
  @Optional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'must be "me", "none" or a user id' })
  assignee?: string;

  @Code({ description: 'Cases that need this counselling domain.' })
  domain?: string;

  @Code({ description: 'District code.' })
  district?: string;

  @ApiPropertyOptional({ enum: URGENCIES })
  @Optional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiPropertyOptional({ description: 'Case code or its beginning (dash and case optional).' })
  @Optional()
  @Matches(/^[0-9A-Za-z -]{2,12}$/, { message: 'must be (part of) a case code' })
  q?: string;
}

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'K7QM-2XHD' }) code!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ enum: ['owner', 'shared'], description: '`shared`: handed to your organisation by an accepted referral.' })
  access!: 'owner' | 'shared';
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assigneeId!: string | null;
  @ApiProperty({ enum: CASE_STATUSES }) status!: CaseStatus;
  @ApiProperty({ type: [String] }) needs!: string[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() interpreterNeeded!: boolean;
  @ApiProperty({ enum: URGENCIES }) urgency!: Urgency;
  @ApiProperty({ nullable: true, type: String }) district!: string | null;
  @ApiProperty({ nullable: true, enum: AGE_BANDS }) ageBand!: AgeBand | null;
  @ApiProperty({ nullable: true, enum: GENDERS }) gender!: Gender | null;
  @ApiProperty({ nullable: true, enum: RESIDENCE_STATUSES }) residenceStatus!: ResidenceStatus | null;
  @ApiProperty({ nullable: true, enum: CONTACT_CHANNELS }) firstContactChannel!: ContactChannel | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) followUpOn!: string | null;
  @ApiProperty({ nullable: true, enum: CASE_OUTCOMES }) outcome!: CaseOutcome | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CasePage {
  @ApiProperty({ type: [CaseView] }) items!: CaseView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CaseEventView {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorOrganisationId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) handoffId!: string | null;
  @ApiProperty({ nullable: true, type: String }) text!: string | null;
  @ApiProperty({ type: Object, additionalProperties: true }) data!: JsonObject;
}

export class CaseTimelinePage {
  @ApiProperty({ type: [CaseEventView] }) items!: CaseEventView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
