import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { affectedRows, Clock, Environment, InjectRedis } from '@app/core';
import {
  DEFAULT_JOB_OPTIONS,
  EMAIL_CLAIM_TIMEOUT_MS,
  EMAIL_QUEUE,
  emailJobId,
  REMINDER_QUEUE,
  type EmailJob,
  type ReminderJob,
} from './queues';

const BATCH = 1000;
/** E-mails skipped per statement, and statements per tick, when e-mail is off. */
const SKIP_BATCH = 5000;
const SKIP_BATCHES_PER_TICK = 20;
/**
 * One batch of e-mails dropped from the outbox, oldest first: with e-mail off, notifications stay
 * in-app only. The batch is taken and locked first (`ARRAY(…)`, run once; `FOR UPDATE` waits for a row
 * a worker is claiming), then its rows are found by primary key alone. Given any other condition on
 * the rows to delete, Postgres may walk the whole backlog instead, as it did when this state lived in
 * `notifications` (2.9 s and 16 s per batch behind backlogs of a million and 300,000).
 */
export const SKIP_PENDING_EMAILS_SQL = `DELETE FROM email_outbox
  WHERE notification_id = ANY(ARRAY(SELECT notification_id FROM email_outbox WHERE failed_at IS NULL
                                    ORDER BY notification_id LIMIT ${SKIP_BATCH} FOR UPDATE))`;
const MAX_BATCHES_PER_TICK = 50;
/** Marks a Redis that still holds what the workers enqueued; gone after FLUSHALL or a restart without persistence. */
const EPOCH_KEY = 'queue-epoch';
/** A reminder still scheduled this long after its due time has lost its job somehow: enqueue it again. */
const OVERDUE_GRACE_MS = 60_000;

export interface TickResult {
  redisWasReset: boolean;
  remindersEnqueued: number;
  emailsEnqueued: number;
}

/**
 * Moves due work from Postgres (the source of truth) into BullMQ: reminders due within the
 * horizon become delayed jobs (job id = reminder id), pending e-mails become jobs. When Redis
 * has lost its data, every still-scheduled reminder and unsent e-mail is enqueued again. Safe to
 * run in every worker at once: job ids make adds idempotent, delivery claims in Postgres.
 */
@Injectable()
export class DueWorkEnqueuer {
  private readonly logger = new Logger(DueWorkEnqueuer.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(REMINDER_QUEUE) private readonly reminders: Queue<ReminderJob>,
    @InjectQueue(EMAIL_QUEUE) private readonly emails: Queue<EmailJob>,
    @InjectRedis() private readonly redis: Redis,
    private readonly environment: Environment,
    private readonly clock: Clock,
  ) {}

  async tick(emailEnabled: boolean): Promise<TickResult> {
    const redisWasReset = await this.recoverFromRedisLoss();
    const remindersEnqueued = await this.enqueueDueReminders();
    const emailsEnqueued = emailEnabled ? await this.enqueuePendingEmails() : await this.skipEmails();
    return { redisWasReset, remindersEnqueued, emailsEnqueued };
  }

  /** True when Redis had lost the epoch marker (and with it, presumably, every job). */
  async recoverFromRedisLoss(): Promise<boolean> {
    if (await this.redis.exists(EPOCH_KEY)) return false;
    const [reminders, emails] = await Promise.all([
      this.dataSource.query(`UPDATE reminders SET enqueued_at = NULL WHERE status = 'scheduled' AND enqueued_at IS NOT NULL`),
      this.dataSource.query(`UPDATE email_outbox SET enqueued_at = NULL WHERE failed_at IS NULL AND enqueued_at IS NOT NULL`),
    ]);
    const created = await this.redis.set(EPOCH_KEY, randomUUID(), 'NX');
    if (created)
      this.logger.warn(
        `Redis holds no queue epoch (new, flushed or restarted): re-enqueueing ${affectedRows(reminders)} reminders and ${affectedRows(emails)} e-mails from Postgres`,
      );
    return true;
  }

  private async enqueueDueReminders(): Promise<number> {
    await this.requeueLost();
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
      const count = await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        const rows: { id: string; due_at: Date }[] = await manager.query(
          `SELECT id, due_at FROM reminders
            WHERE status = 'scheduled' AND enqueued_at IS NULL AND due_at <= $1
            ORDER BY due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [new Date(now.getTime() + this.environment.REMINDER_HORIZON_MS)],
        );
        if (rows.length === 0) return 0;
        // Jobs first, then the mark: a crash in between re-adds the same job ids, which BullMQ ignores.
        await this.reminders.addBulk(
          rows.map((row) => ({
            name: 'deliver',
            data: { reminderId: row.id },
            opts: { ...DEFAULT_JOB_OPTIONS, jobId: row.id, delay: Math.max(0, row.due_at.getTime() - now.getTime()) },
          })),
        );
        await manager.query(`UPDATE reminders SET enqueued_at = $2 WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id), now]);
        return rows.length;
      });
      total += count;
      if (count < BATCH) break;
    }
    return total;
  }

  /**
   * The safety net: a reminder still scheduled a minute after its due time and its enqueueing may have
   * lost its job. During a backlog most such jobs are merely still waiting, so it checks BullMQ (one
   * pipelined round trip per batch) and hands back to the poller only those whose job is gone or
   * finished (failed for good, kept under the reminder's id where it would swallow the new one). The
   * others are marked as seen in BullMQ now (`enqueued_at`), to be checked again a minute later.
   */
  private async requeueLost(): Promise<void> {
    for (let batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
      const now = this.clock.now();
      const cutoff = new Date(now.getTime() - OVERDUE_GRACE_MS);
      const overdue: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM reminders
          WHERE status = 'scheduled' AND enqueued_at IS NOT NULL AND due_at < $1 AND enqueued_at < $1
          ORDER BY due_at LIMIT ${BATCH}`,
        [cutoff],
      );
      if (overdue.length === 0) return;
      const ids = overdue.map((row) => row.id);
      const states = await this.jobStates(ids);
      const lost = ids.filter((_, index) => states[index] !== 'live');
      for (const id of ids.filter((_, index) => states[index] === 'finished')) await this.reminders.remove(id);
      const requeued = await this.dataSource.query(
        `UPDATE reminders SET enqueued_at = CASE WHEN id = ANY($2::uuid[]) THEN NULL ELSE $3::timestamptz END
          WHERE id = ANY($1::uuid[]) AND status = 'scheduled' AND enqueued_at < $4`,
        [ids, lost, now, cutoff],
      );
      if (lost.length) this.logger.warn(`${lost.length} overdue reminders had no live job in BullMQ: enqueueing them again`);
      if (affectedRows(requeued) === 0 || overdue.length < BATCH) return;
    }
  }

  /** Per job id: still in BullMQ (waiting, delayed, active, retrying), finished (kept as failed) or gone. */
  private async jobStates(ids: string[]): Promise<('live' | 'finished' | 'gone')[]> {
    const pipeline = (await this.reminders.backend.client).pipeline();
    for (const id of ids) pipeline.runCommand('hmget', [this.reminders.toKey(id), 'timestamp', 'finishedOn']);
    const replies = (await pipeline.exec()) ?? [];
    return ids.map((_, index) => {
      const [error, fields] = replies[index] ?? [new Error('no reply'), null];
      if (error) throw error;
      const [timestamp, finishedOn] = fields as (string | null)[];
      if (timestamp === null) return 'gone';
      return finishedOn === null ? 'live' : 'finished';
    });
  }

  private async enqueuePendingEmails(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      // Not yet in the queue (or put there long ago), or claimed by a worker presumed dead.
      const rows: { id: string }[] = await manager.query(
        `SELECT notification_id AS id FROM email_outbox
          WHERE failed_at IS NULL
            AND ((claimed_at IS NULL AND (enqueued_at IS NULL OR enqueued_at < $1)) OR claimed_at < $1)
          ORDER BY notification_id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [new Date(now.getTime() - EMAIL_CLAIM_TIMEOUT_MS)],
      );
      if (rows.length === 0) return 0;
      await this.emails.addBulk(
        rows.map((row) => ({
          name: 'send',
          data: { notificationId: row.id },
          opts: { ...DEFAULT_JOB_OPTIONS, jobId: emailJobId(row.id) },
        })),
      );
      await manager.query(`UPDATE email_outbox SET enqueued_at = $2 WHERE notification_id = ANY($1::uuid[])`, [
        rows.map((row) => row.id),
        now,
      ]);
      return rows.length;
    });
  }

  /**
   * Without SMTP settings, notifications stay in-app only: e-mails to send are dropped from the
   * outbox, oldest first, in batches. One statement over all of them could outlast the statement
   * timeout after a large backlog, fail on every tick and never catch up.
   */
  private async skipEmails(): Promise<number> {
    for (let batch = 0; batch < SKIP_BATCHES_PER_TICK; batch++) {
      const skipped = affectedRows(await this.dataSource.query(SKIP_PENDING_EMAILS_SQL));
      if (skipped < SKIP_BATCH) break;
    }
    return 0;
  }
}
