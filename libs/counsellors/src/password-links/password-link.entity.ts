import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { StaffUser } from '../staff-user.entity';

export const PASSWORD_LINK_PURPOSES = ['invitation', 'reset'] as const;
export type PasswordLinkPurpose = (typeof PASSWORD_LINK_PURPOSES)[number];

/**
 * A link, e-mailed to a staff member, that sets their password once: an invitation to a new account
 * or a reset. Only its id is stored; the link's secret is an HMAC of the id (passwordLinkToken).
 * A user has at most one link: a new one replaces the last, used or not, so the table holds one row
 * per account at most.
 */
@Entity({ name: 'password_links' })
@Index('password_links_user_idx', ['userId'])
export class PasswordLink {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'password_links_pkey' })
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('StaffUser', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'password_links_user_fk' })
  user?: Relation<StaffUser>;

  @Column({ type: 'text' })
  purpose!: PasswordLinkPurpose;

  /** The admin who sent it; null when the user asked for it (forgotten password). */
  @Column({ type: 'uuid', nullable: true })
  requestedById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
