import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '@app/core';

export const NOTIFICATION_KINDS = [
  'handoff_received',
  'handoff_accepted',
  'handoff_declined',
  'handoff_withdrawn',
  'handoff_completed',
  'handoff_expired',
  'handoff_received_expired',
  'handoff_target_left',
  'handoff_accepted_target_left',
  'handoff_case_transferred',
  'handoff_case_closed',
  'handoff_response_due',
  'handoff_escalated',
  'handoff_outcome_due',
  'case_assigned',
  'case_follow_up_due',
  'lead_digest',
  'lead_weekly_digest',
  'account_invitation',
  'password_reset',
  'password_changed',
  'account_access_granted',
  'account_access_removed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What one staff member must be told, written in the same transaction as the change that
 * causes it (an outbox). The in-app inbox reads these rows; the worker sends the e-mails, each
 * tracked in `email_outbox` (EmailOutboxEntry) until it is sent.
 * Carries ids, codes and the case code only: no free text.
 */
@Entity({ name: 'notifications' })
@Index('notifications_inbox_idx', ['recipientId', 'createdAt', 'id'])
@Index('notifications_unread_idx', ['recipientId', 'createdAt', 'id'], { where: 'read_at IS NULL' })
// The read tab without walking past every unread one (migration NotificationReadIndex).
@Index('notifications_read_idx', ['recipientId', 'createdAt', 'id'], { where: 'read_at IS NOT NULL' })
// Retention finds an expired case's notifications by these (migration NotificationRetentionIndexes).
@Index('notifications_case_idx', ['caseId'], { where: 'case_id IS NOT NULL' })
@Index('notifications_handoff_idx', ['handoffId'], { where: 'handoff_id IS NOT NULL' })
export class Notification {
  /** Time-ordered (UUID v7, migration NotificationTimeOrderedIds): inserts append to the primary key's index. */
  @PrimaryColumn({ type: 'uuid', default: () => 'uuid_v7()' })
  id!: string;

  @Column({ type: 'uuid' })
  recipientId!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'uuid', nullable: true })
  handoffId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  caseId!: string | null;

  /** The pseudonymous case code, the only case reference an e-mail may carry. */
  @Column({ type: 'text', nullable: true })
  caseCode!: string | null;

  /** Codes and ids (reason codes, due dates, organisation ids); never free text. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: JsonObject;

  /** Milliseconds only, so that the time in a page cursor (a JavaScript Date) matches the row exactly. */
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
