import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { purgeEndedSessions } from '@app/auth';
import { Clock, Environment, purgeExpiredIdempotencyKeys } from '@app/core';
import { LeadDigestService, RetentionService } from '@app/handoffs';
import {
  EMAIL_QUEUE,
  EmailDeliveryService,
  MAINTENANCE_QUEUE,
  REMINDER_QUEUE,
  ReminderDeliveryService,
  type EmailJob,
  type ReminderJob,
} from '@app/reminders';

/**
 * Processors only hand jobs (ids) to domain services. Decorator options are fixed at import time,
 * so the workers start paused (`autorun: false`) and are configured from the environment first.
 */
abstract class ConfiguredHost extends WorkerHost implements OnModuleInit {
  constructor(private readonly environment: Environment) {
    super();
  }

  onModuleInit(): void {
    // Lost locks and connection trouble are reported here; BullMQ recovers from them by itself.
    this.worker.on('error', (error) => new Logger(this.constructor.name).warn(`BullMQ worker: ${error.message}`));
    const lockDuration = this.environment.WORKER_LOCK_DURATION_MS;
    Object.assign(this.worker.opts, { lockDuration, lockRenewTime: lockDuration / 2, stalledInterval: lockDuration });
    // BullMQ builds its lock manager from the options in its constructor; rebuild it with ours.
    (this.worker as unknown as { createLockManager(): void }).createLockManager();
    this.worker.concurrency = this.environment.WORKER_CONCURRENCY;
    void this.worker.run();
  }
}

@Processor(REMINDER_QUEUE, { autorun: false })
export class ReminderProcessor extends ConfiguredHost {
  constructor(
    private readonly delivery: ReminderDeliveryService,
    environment: Environment,
  ) {
    super(environment);
  }

  process(job: Job<ReminderJob>): Promise<string> {
    return this.delivery.deliver(job.data.reminderId);
  }
}

@Processor(EMAIL_QUEUE, { autorun: false })
export class EmailProcessor extends ConfiguredHost {
  constructor(
    private readonly delivery: EmailDeliveryService,
    environment: Environment,
  ) {
    super(environment);
  }

  process(job: Job<EmailJob>): Promise<string> {
    return this.delivery.send(job.data.notificationId);
  }
}

export const LEAD_DIGEST_JOB = 'lead-digest';
export const RETENTION_JOB = 'retention';

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly digest: LeadDigestService,
    private readonly retention: RetentionService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.on('error', (error) => this.logger.warn(`BullMQ worker: ${error.message}`));
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case LEAD_DIGEST_JOB:
        return this.digest.run();
      case RETENTION_JOB:
        return this.deleteWhatIsPastItsTime();
      default:
        this.logger.error(`No handler for maintenance job "${job.name}"`);
        throw new Error(`unknown maintenance job ${job.name}`);
    }
  }

  /** Closed cases past RETENTION_DAYS, then the records that have served their purpose. */
  async deleteWhatIsPastItsTime(): Promise<{ cases: number; idempotencyKeys: number; sessions: number }> {
    const cases = await this.retention.run();
    const now = this.clock.now();
    const idempotencyKeys = await purgeExpiredIdempotencyKeys(this.dataSource, now);
    const sessions = await purgeEndedSessions(this.dataSource, now);
    this.logger.log(`Deleted ${idempotencyKeys} expired Idempotency-Keys and ${sessions} ended sessions`);
    return { cases, idempotencyKeys, sessions };
  }
}
