import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ReminderKind = 'handoff_response_due' | 'handoff_escalation' | 'handoff_expiry' | 'handoff_outcome_due' | 'case_follow_up';

/**
 * A timed nudge, stored here as the source of truth; BullMQ only wakes the worker at `dueAt`.
 * One live reminder per kind and subject; delivery claims it with a conditional update so it
 * fires once even when a job runs twice.
 */
@Entity({ name: 'reminders' })
@Index('reminders_to_enqueue_idx', ['dueAt'], { where: "status = 'scheduled' AND enqueued_at IS NULL" })
@Index('reminders_scheduled_idx', ['dueAt'], { where: "status = 'scheduled'" })
@Index('reminders_handoff_kind_unique', ['handoffId', 'kind'], { unique: true, where: 'handoff_id IS NOT NULL' })
@Index('reminders_case_kind_unique', ['caseId', 'kind'], { unique: true, where: 'handoff_id IS NULL' })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: ReminderKind;

  @Column({ type: 'uuid', nullable: true })
  handoffId!: string | null;

  @Column({ type: 'uuid' })
  caseId!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text', default: 'scheduled' })
  status!: 'scheduled' | 'delivered' | 'cancelled';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  /** When a worker handed it to BullMQ; reset when Redis lost its data or the due time moved. */
  @Column({ type: 'timestamptz', nullable: true })
  enqueuedAt!: Date | null;
}
