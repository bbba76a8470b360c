import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { EMAIL_QUEUE, MAINTENANCE_QUEUE, REMINDER_QUEUE } from './queues';

export interface QueueState {
  name: string;
  waiting: number;
  delayed: number;
  active: number;
  failed: number;
}

export interface FailedJob {
  queue: string;
  jobId: string | undefined;
  name: string;
  attemptsMade: number;
  failedReason: string;
  failedAt: string | null;
}

export interface JobsHealth {
  queues: QueueState[];
  recentFailures: FailedJob[];
  /** Reminders still scheduled more than a minute after they were due: delivery is stuck. */
  overdueReminders: number;
  /** E-mails that gave up after their retries. */
  failedEmails: number;
}

/**
 * Reminders overdue by $1 and e-mails that gave up: each counted from a partial index
 * (reminders_scheduled_idx, email_outbox_failed_idx), not by reading the tables.
 */
export const JOBS_REPORT_COUNTS_SQL = `SELECT (SELECT count(*)::int FROM reminders WHERE status = 'scheduled' AND due_at < $1) AS overdue,
       (SELECT count(*)::int FROM email_outbox WHERE failed_at IS NOT NULL) AS failed_emails`;

/** What the coordinator sees of the background work: queue sizes, jobs that keep failing, overdue reminders. */
@Injectable()
export class JobsHealthService {
  private readonly queues: Queue[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(REMINDER_QUEUE) reminders: Queue,
    @InjectQueue(EMAIL_QUEUE) emails: Queue,
    @InjectQueue(MAINTENANCE_QUEUE) maintenance: Queue,
    private readonly clock: Clock,
  ) {
    this.queues = [reminders, emails, maintenance];
  }

  async report(): Promise<JobsHealth> {
    const queues = await Promise.all(
      this.queues.map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed');
        return {
          name: queue.name,
          waiting: counts.waiting ?? 0,
          delayed: counts.delayed ?? 0,
          active: counts.active ?? 0,
          failed: counts.failed ?? 0,
        };
      }),
    );
    const failures = (
      await Promise.all(
        this.queues.map(async (queue) =>
          (await queue.getFailed(0, 9)).map((job) => ({
            queue: queue.name,
            jobId: job.id,
            name: job.name,
            attemptsMade: job.attemptsMade,
            failedReason: job.failedReason,
            failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
          })),
        ),
      )
    ).flat();
    const [{ overdue, failed_emails: failedEmails }] = await this.dataSource.query(JOBS_REPORT_COUNTS_SQL, [
      new Date(this.clock.now().getTime() - 60_000),
    ]);
    return { queues, recentFailures: failures, overdueReminders: overdue, failedEmails };
  }
}
