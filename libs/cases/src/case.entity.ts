import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AgeBand, CaseOutcome, CaseStatus, ContactChannel, Gender, ResidenceStatus, Urgency } from './case-vocabulary';

/**
 * An anonymised case. It never holds a name, birth date, address, phone number, e-mail or ID
 * number: only a pseudonymous code (printed on the client's slip) and coarse attributes.
 */
@Entity({ name: 'cases' })
@Index('cases_organisation_created_idx', ['organisationId', 'createdAt', 'id'])
// Covering indexes for the dashboards (INCLUDE columns), written by hand in the migration.
@Index('cases_organisation_closed_idx', { synchronize: false })
@Index('cases_organisation_created_assignee_idx', { synchronize: false })
@Index('cases_open_assignee_idx', ['organisationId', 'assigneeId'], { where: "status <> 'closed'" })
@Index('cases_organisation_assignee_idx', ['organisationId', 'assigneeId', 'createdAt', 'id'])
@Index('cases_needs_idx', { synchronize: false }) // GIN, written by hand in the migration
@Index('cases_follow_up_idx', ['followUpOn'], { where: "status <> 'closed' AND follow_up_on IS NOT NULL" })
export class Case {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /**
   * Canonical case code without separator (8 characters, the last one a check character). Unique, with
   * text_pattern_ops so that a search by its first characters uses it (migration CaseCodePrefixSearch).
   */
  @Index('cases_code_unique', { synchronize: false })
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text', default: 'open' })
  status!: CaseStatus;

  /** Counselling domain codes the client needs help with. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  needs!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages!: string[];

  @Column({ type: 'boolean', default: false })
  interpreterNeeded!: boolean;

  @Column({ type: 'text', default: 'normal' })
  urgency!: Urgency;

  @Column({ type: 'text', nullable: true })
  district!: string | null;

  @Column({ type: 'text', nullable: true })
  ageBand!: AgeBand | null;

  @Column({ type: 'text', nullable: true })
  gender!: Gender | null;

  @Column({ type: 'text', nullable: true })
  residenceStatus!: ResidenceStatus | null;

  @Column({ type: 'text', nullable: true })
  firstContactChannel!: ContactChannel | null;

  @Column({ type: 'date', nullable: true })
  followUpOn!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: CaseOutcome | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  /** Hand-offs of this case still waiting for an answer; a case with any cannot be closed. */
  @Column({ type: 'int', default: 0 })
  pendingHandoffs!: number;

  /** Incremented on every change; a PATCH that names an older version gets 409. */
  @Column({ type: 'int', default: 1 })
  version!: number;

  /** Milliseconds only, so that the time in a page cursor (a JavaScript Date) matches the row exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
