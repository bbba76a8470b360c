import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BUSINESS_TIME_ZONE, Environment, InjectRedis } from '@app/core';
import { DueWorkEnqueuer, Mailer, MAINTENANCE_QUEUE } from '@app/reminders';
import { LEAD_DIGEST_JOB, RETENTION_JOB } from './processors';

const SCHEDULER_LOCK = 'job-schedulers-lock';

/**
 * The worker's heartbeat: every WORKER_POLL_INTERVAL_MS it moves due work from Postgres into
 * BullMQ, and after Redis lost its data it registers the repeatable jobs again. Runs in every
 * worker; everything it does is idempotent.
 */
@Injectable()
export class WorkerLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerLoop.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly enqueuer: DueWorkEnqueuer,
    private readonly mailer: Mailer,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
    @InjectRedis() private readonly redis: Redis,
    private readonly environment: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.mailer.enabled) this.logger.log('SMTP_URL is not set: notifications are delivered in-app only, no e-mail is sent.');
    await this.registerSchedulers();
    await this.tick();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass; also what tests call to run the loop without waiting. */
  async tick(): Promise<void> {
    this.running = (async () => {
      const result = await this.enqueuer.tick(this.mailer.enabled);
      // Also when an earlier tick noticed the reset but failed before registering them.
      if (result.redisWasReset || !(await this.schedulersPresent())) await this.registerSchedulers();
    })();
    try {
      await this.running;
    } catch (error) {
      // Postgres or Redis unreachable for a moment: the next tick tries again.
      this.logger.warn(`Worker tick failed: ${(error as Error).message}`);
    }
  }

  /** Repeatable jobs, registered under a lock so that many workers starting at once register them once. */
  async registerSchedulers(): Promise<void> {
    const locked = await this.redis.set(SCHEDULER_LOCK, '1', 'PX', 10_000, 'NX');
    if (!locked) return;
    try {
      const [hour, minute] = this.environment.DIGEST_TIME.split(':').map(Number);
      await this.maintenance.upsertJobScheduler(
        LEAD_DIGEST_JOB,
        { pattern: `${minute} ${hour} * * 1-5`, tz: BUSINESS_TIME_ZONE },
        { name: LEAD_DIGEST_JOB },
      );
      await this.maintenance.upsertJobScheduler(RETENTION_JOB, { pattern: '15 3 * * *', tz: BUSINESS_TIME_ZONE }, { name: RETENTION_JOB });
    } finally {
      await this.redis.del(SCHEDULER_LOCK);
    }
  }

  private async schedulersPresent(): Promise<boolean> {
    const [digest, retention] = await Promise.all([
      this.maintenance.getJobScheduler(LEAD_DIGEST_JOB),
      this.maintenance.getJobScheduler(RETENTION_JOB),
    ]);
    return Boolean(digest && retention);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => this.schedule());
    }, this.environment.WORKER_POLL_INTERVAL_MS);
  }
}
