import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '@app/core';

export type CaseEventKind =
  | 'created'
  | 'updated'
  | 'assigned'
  | 'note'
  | 'closed'
  | 'handoff_created'
  | 'handoff_accepted'
  | 'handoff_declined'
  | 'handoff_withdrawn'
  | 'handoff_completed'
  | 'handoff_expired'
  | 'transferred_in'
  | 'transferred_out';

/** One entry of a case's timeline: a note or an event, with author and time. */
@Entity({ name: 'case_events' })
@Index('case_events_case_idx', ['caseId', 'id'])
@Index('case_events_handoff_idx', ['handoffId', 'id'], { where: 'handoff_id IS NOT NULL' })
export class CaseEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'uuid', nullable: true })
  handoffId!: string | null;

  @Column({ type: 'text' })
  kind!: CaseEventKind;

  @Column({ type: 'timestamptz' })
  occurredAt!: Date;

  /** Null for events of the system (expiry). */
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorOrganisationId!: string | null;

  /** Free text of a note; checked for personal identifiers before it is stored. */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** Codes and ids describing the event (changed fields, reason codes, organisations). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: JsonObject;
}
