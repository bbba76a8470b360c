import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Notification } from './notification.entity';

/**
 * The e-mail of a notification that is still to be sent, or that gave up. A trigger writes one row
 * per new notification (migration EmailOutbox), so no notification can miss its e-mail whoever
 * inserts it; the worker deletes the row once the e-mail is sent or skipped.
 *
 * Kept apart from the notification on purpose: the notification is wide and has six indexes keyed
 * by recipient, case and hand-off, so every change of e-mail state rewrote it into all of them
 * (three times per e-mail sent). This table is narrow, and a finished e-mail is a delete.
 */
@Entity({ name: 'email_outbox' })
// The e-mails still to send, oldest first (notification ids are time-ordered): what the worker polls.
@Index('email_outbox_open_idx', ['notificationId'], { where: 'failed_at IS NULL' })
// The coordinator's jobs report counts the e-mails that gave up: few, among the open ones.
@Index('email_outbox_failed_idx', ['failedAt'], { where: 'failed_at IS NOT NULL' })
export class EmailOutboxEntry {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'email_outbox_pkey' })
  notificationId!: string;

  /** Deleted with its notification (retention). */
  @OneToOne('Notification', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'email_outbox_notification_fk' })
  notification?: Relation<Notification>;

  /** When a worker last put it into the e-mail queue; cleared when Redis lost its jobs. */
  @Column({ type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;

  /** Set while a worker sends it; a claim older than five minutes is presumed dead and taken over. */
  @Column({ type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /** When it gave up (refused for good, or out of retries); its in-app notification stays. */
  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}
