import { Queue, QueueEvents } from 'bullmq';

/** The product's BullMQ names (libs/reminders/src/delivery/queues.ts, libs/core/src/queue/queue-connection.ts). */
export const REMINDER_QUEUE = 'reminders';
export const EMAIL_QUEUE = 'email';
export const MAINTENANCE_QUEUE = 'maintenance';
export const bullPrefix = (keyPrefix: string) => `${keyPrefix}-bull`;

function connection(redisUrl: string) {
  const url = new URL(redisUrl);
  return { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
}

export interface QueueCounts {
  waiting: number;
  delayed: number;
  active: number;
  prioritized: number;
  failed: number;
  completed: number;
}

/** A read-only look at the worker's queues (counts, failures, repeatable jobs), with its own connections. */
export class QueueProbe {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redisUrl: string,
    private readonly keyPrefix: string,
  ) {}

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: connection(this.redisUrl), prefix: bullPrefix(this.keyPrefix) });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async counts(name = REMINDER_QUEUE): Promise<QueueCounts> {
    const counts = await this.queue(name).getJobCounts('waiting', 'delayed', 'active', 'prioritized', 'failed', 'completed');
    return {
      waiting: counts.waiting ?? 0,
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
      prioritized: counts.prioritized ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
    };
  }

  async failedReasons(name = REMINDER_QUEUE, limit = 5): Promise<string[]> {
    return (await this.queue(name).getFailed(0, limit - 1)).map((job) => `${job.id}: ${job.failedReason}`);
  }

  async schedulers(): Promise<string[]> {
    return (await this.queue(MAINTENANCE_QUEUE).getJobSchedulers()).map((scheduler) => scheduler.key).sort();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
  }
}

/**
 * Counts what the reminder jobs ended with, from BullMQ's event stream: the worker returns 'delivered',
 * 'settled' (nothing left to claim: a second run) or 'not-due' (ran before its due time); 'delayed'
 * events after `since` are retries after a failure (the adds of delayed jobs come before).
 */
export class JobOutcomes {
  readonly returned = new Map<string, number>();
  failed = 0;
  retries = 0;
  private readonly events: QueueEvents;

  constructor(redisUrl: string, keyPrefix: string, since: () => number) {
    this.events = new QueueEvents(REMINDER_QUEUE, { connection: connection(redisUrl), prefix: bullPrefix(keyPrefix) });
    this.events.on('error', () => undefined);
    this.events.on('completed', ({ returnvalue }) => {
      const value = String(returnvalue);
      this.returned.set(value, (this.returned.get(value) ?? 0) + 1);
    });
    this.events.on('failed', () => this.failed++);
    this.events.on('delayed', () => {
      if (Date.now() >= since()) this.retries++;
    });
  }

  ready(): Promise<void> {
    return this.events.waitUntilReady().then(() => undefined);
  }

  async close(): Promise<void> {
    await this.events.close().catch(() => undefined);
  }
}
