import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AgeBand, Gender, ResidenceStatus, Urgency } from '@app/cases';
import type {
  ConsentMethod,
  ConsentScope,
  DeclineReason,
  DecliningParty,
  HandoffKind,
  HandoffOutcome,
  HandoffStatus,
} from './handoff-vocabulary';

/** The client's documented consent to the hand-off: no hand-off without it. */
export interface Consent {
  given: true;
  givenAt: string;
  method: ConsentMethod;
  scope: ConsentScope;
}

/**
 * A hand-off (Weiterleitung) of a case from the sending organisation to a target organisation.
 * While pending, the target sees only what is copied here (domains, message, urgency, languages,
 * coarse attributes, case code); after acceptance it may read the case itself.
 */
@Entity({ name: 'handoffs' })
// Covering indexes (INCLUDE columns) for the lists and dashboards, written by hand in the migrations.
@Index('handoffs_incoming_idx', { synchronize: false })
@Index('handoffs_outgoing_idx', { synchronize: false })
@Index('handoffs_created_idx', { synchronize: false })
@Index('handoffs_unmet_idx', { synchronize: false })
@Index('handoffs_answered_idx', { synchronize: false })
@Index('handoffs_case_idx', ['caseId'])
@Index('handoffs_pending_target_idx', ['targetOrganisationId', 'responseDueAt'], { where: "status = 'pending'" })
@Index('handoffs_accepted_assignee_idx', ['targetOrganisationId', 'targetAssigneeId', 'respondedAt'], { where: "status = 'accepted'" })
@Index('handoffs_one_pending_per_target', ['caseId', 'targetOrganisationId'], { unique: true, where: "status = 'pending'" })
export class Handoff {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  caseId!: string;

  /** Canonical case code, shared with the target from the start. */
  @Column({ type: 'text' })
  caseCode!: string;

  @Column({ type: 'text' })
  kind!: HandoffKind;

  @Column({ type: 'text', default: 'pending' })
  status!: HandoffStatus;

  @Column({ type: 'uuid' })
  sendingOrganisationId!: string;

  @Column({ type: 'uuid' })
  senderId!: string;

  /** Who had the case at the sending organisation; told about the outcome even after a transfer. */
  @Column({ type: 'uuid', nullable: true })
  senderCaseAssigneeId!: string | null;

  @Column({ type: 'uuid' })
  targetOrganisationId!: string;

  @Column({ type: 'uuid', nullable: true })
  targetServiceId!: string | null;

  /** A named counsellor at the target; the whole team may still act on it. */
  @Column({ type: 'uuid', nullable: true })
  targetUserId!: string | null;

  @Column({ type: 'text', array: true })
  domains!: string[];

  /** Free text for the target; checked for personal identifiers. */
  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'text' })
  urgency!: Urgency;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages!: string[];

  @Column({ type: 'boolean', default: false })
  interpreterNeeded!: boolean;

  @Column({ type: 'text', nullable: true })
  district!: string | null;

  @Column({ type: 'text', nullable: true })
  ageBand!: AgeBand | null;

  @Column({ type: 'text', nullable: true })
  gender!: Gender | null;

  @Column({ type: 'text', nullable: true })
  residenceStatus!: ResidenceStatus | null;

  @Column({ type: 'jsonb' })
  consent!: Consent;

  @Column({ type: 'timestamptz' })
  responseDueAt!: Date;

  /** Who at the target works on it after acceptance. */
  @Column({ type: 'uuid', nullable: true })
  targetAssigneeId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  respondedById!: string | null;

  @Column({ type: 'text', nullable: true })
  declineReason!: DeclineReason | null;

  @Column({ type: 'text', nullable: true })
  declinedBy!: DecliningParty | null;

  @Column({ type: 'text', nullable: true })
  outcome!: HandoffOutcome | null;

  /** Free text of the last transition (decline, withdrawal, completion); checked for identifiers. */
  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedById!: string | null;

  /** Milliseconds only, so that the time in a page cursor (a JavaScript Date) matches the row exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
