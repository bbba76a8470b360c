import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { StaffUser } from '@app/counsellors';

/**
 * A sign-in session: the family of refresh tokens that descend from one login. Revoking it
 * (logout, detected reuse, deactivation) ends every token of the family at once, including
 * the access tokens that carry its id.
 */
@Entity({ name: 'sessions' })
@Index(['userId'])
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('StaffUser', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<StaffUser>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Absolute end of the session, however often it is refreshed. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason!: 'logout' | 'reuse-detected' | 'deactivated' | 'password-changed' | null;
}

/** One refresh token of a session; stored only as a SHA-256 hash and usable once. */
@Entity({ name: 'refresh_tokens' })
@Index(['sessionId'])
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  sessionId!: string;

  @ManyToOne('Session', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: Relation<Session>;

  @Index({ unique: true })
  @Column({ type: 'bytea' })
  tokenHash!: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Idle expiry of this token. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
