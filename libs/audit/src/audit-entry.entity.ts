import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '@app/core';

export type AuditSubject = 'case' | 'handoff' | 'user' | 'organisation' | 'service' | 'session' | 'reference';

/**
 * One line of the append-only audit log. The database refuses UPDATE, DELETE and TRUNCATE on the
 * table, and a trigger chains every entry to the previous one of its chain by a SHA-256 hash
 * (`chain`, `seq`, `prev_hash`, `hash`), so a row changed behind the application's back is found by
 * `audit:verify`. Never holds free text: `details` carries codes and ids only.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_organisations_idx', { synchronize: false }) // GIN, written by hand in the migration
// The list's reading order (newest first by time), unfiltered and by case or actor (migration AuditLogTimeOrder).
@Index('audit_log_time_idx', ['occurredAt', 'id'])
@Index('audit_log_case_time_idx', ['caseId', 'occurredAt', 'id'])
@Index('audit_log_actor_time_idx', ['actorId', 'occurredAt', 'id'])
@Index('audit_log_chain_seq_unique', ['chain', 'seq'], { unique: true })
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  /** e.g. `case.read`, `handoff.accepted`, `auth.login_failed`, `user.roles_changed`. */
  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorOrganisationId!: string | null;

  /** Organisations whose data the entry concerns; their admins may read it. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  organisationIds!: string[];

  @Column({ type: 'text' })
  subjectType!: AuditSubject;

  @Column({ type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  /** Network address of the request, when there was one. */
  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: JsonObject;

  /** Set by the database trigger. */
  @Column({ type: 'smallint', default: 0 })
  chain!: number;

  @Column({ type: 'bigint', default: 0 })
  seq!: string;

  @Column({ type: 'bytea', nullable: true })
  prevHash!: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  hash!: Buffer | null;
}
