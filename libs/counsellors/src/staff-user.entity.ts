import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { TimestampedEntity } from '@app/core';
import type { Organisation } from '@app/organisations';
import type { LeadDigest, Locale, Role } from './role';

/**
 * A staff account of one of the network's organisations (counsellor, lead, org admin,
 * coordinator). Never a client: clients have no accounts and no names in this system.
 */
@Entity({ name: 'users' })
@Index('users_email_unique', ['email'], { unique: true })
@Index('users_organisation_idx', ['organisationId', 'displayName', 'id'])
export class StaffUser extends TimestampedEntity {
  @Column({ type: 'uuid' })
  organisationId!: string;

  @ManyToOne('Organisation', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  /** Stored lower-case; unique across the network. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  displayName!: string;

  /** Null until an invited user has set a password with their link (signing in fails like a wrong password). */
  @Column({ type: 'text', select: false, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'text', array: true })
  roles!: Role[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages!: string[];

  /** Counselling domains the person works in (used to route reminders). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  domains!: string[];

  /** How many open cases the person can carry; compared with their load on dashboards. */
  @Column({ type: 'int', default: 30 })
  caseCapacity!: number;

  @Column({ type: 'text', default: 'de' })
  preferredLocale!: Locale;

  /** As a lead: how often the digest comes (LeadDigestService). The person's own choice (PATCH /me). */
  @Column({ type: 'text', default: 'daily' })
  leadDigest!: LeadDigest;

  /** The ISO week (its Monday) of the last weekly digest this lead was sent; one a week. */
  @Column({ type: 'date', nullable: true })
  weeklyDigestWeek!: string | null;

  /** Deactivated users cannot sign in, refresh or use tokens issued before. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** Access tokens issued before this instant are refused (set on deactivation and role changes). */
  @Column({ type: 'timestamptz', nullable: true })
  tokensValidAfter!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt!: Date | null;
}
