import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Optional, PageQuery, WindowBound, type JsonObject } from '@app/core';
import type { AuditSubject } from './audit-entry.entity';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  actorId?: string;

  @WindowBound('Inclusive lower bound of occurredAt.')
  from?: string;

  @WindowBound('Exclusive upper bound of occurredAt.')
  to?: string;
}

export class AuditEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty({ example: 'handoff.accepted' }) action!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorOrganisationId!: string | null;
  @ApiProperty({ enum: ['case', 'handoff', 'user', 'organisation', 'service', 'session', 'reference'] }) subjectType!: AuditSubject;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) subjectId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) caseId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "The caller's network address (behind a trusted proxy, the client's); null on another organisation's staff member's " +
      'entry, except for the network coordinator on the entries it oversees (organisations, services, accounts, sessions, reference data).',
  })
  ip!: string | null;
  @ApiProperty({ type: Object, additionalProperties: true, description: 'Codes and ids only.' }) details!: JsonObject;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items!: AuditEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
