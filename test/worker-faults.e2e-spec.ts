import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Response } from 'supertest';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { CaseRemindersService } from '@app/cases';
import { berlinInstant, bullConnection, Clock, evictionPolicyProblem, REDIS } from '@app/core';
import { HandoffRemindersService } from '@app/handoffs';
import { EMAIL_QUEUE, MAINTENANCE_QUEUE, REMINDER_HANDLERS, REMINDER_QUEUE, type Reminder, type ReminderHandlers } from '@app/reminders';
import { EmailProcessor, MaintenanceProcessor, ReminderProcessor } from '../apps/worker/src/processors';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { WorkerLoop } from '../apps/worker/src/worker-loop';
import { createCase, createHandoff, createNetwork, type TestNetwork } from './support/network';
import { bearer, TestApp } from './support/test-app';
import { TestClock } from './support/test-clock';
import { eventually as waitUntil } from './support/eventually';

/**
 * The reliability promises of the worker against a Redis this file owns (a private redis-server
 * without persistence): Redis losing everything, Redis restarting, a worker dying mid-delivery, a
 * job outliving its lock, workers racing, a delivery racing a user, shutdown in the middle of a
 * job, repeatable jobs registered once, the eviction policy.
 * Postgres is the source of truth: every assertion counts reminders and notifications there.
 */

const noop = () => undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The drills around Redis restarts take longer than the default wait. */
const eventually = <T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> => waitUntil(check, timeoutMs);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True when a Redis answers PING on the port. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
    socket.on('timeout', () => done(false));
  });
}

/** Runs a command to its end (killed after `timeoutMs`); its exit code and output. */
async function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data) => (stdout += data.toString()));
  child.stderr.on('data', (data) => (stderr += data.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A redis-server child process that keeps nothing on disk, like this machine's Redis. */
class PrivateRedis {
  private child?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 5000;
    while (!(await ping(this.port))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${this.port}`);
      await sleep(50);
    }
  }

  /** SIGKILL: everything in memory is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }
}

/** The worker's own mapping of reminder kinds to handlers (apps/worker/src/worker.module.ts). */
function handlersOf(handoffs: HandoffRemindersService, cases: CaseRemindersService): ReminderHandlers {
  return {
    handoff_response_due: (manager, reminders) => handoffs.responseDue(manager, reminders),
    handoff_escalation: (manager, reminders) => handoffs.escalation(manager, reminders),
    handoff_expiry: (manager, reminders) => handoffs.expiry(manager, reminders),
    handoff_outcome_due: (manager, reminders) => handoffs.outcomeDue(manager, reminders),
    case_follow_up: (manager, reminders) => cases.followUpDue(manager, reminders),
  };
}

/**
 * The handlers with `first` run before each of them, for each reminder handed to them: after the
 * worker claimed the reminders, inside the delivery transaction.
 */
function before(first: (reminder: Reminder) => void | Promise<void>) {
  return (handlers: ReminderHandlers): ReminderHandlers => {
    const wrapped = {} as ReminderHandlers;
    for (const kind of Object.keys(handlers) as (keyof ReminderHandlers)[]) {
      wrapped[kind] = async (manager, reminders) => {
        for (const reminder of reminders) await first(reminder);
        return handlers[kind](manager, reminders);
      };
    }
    return wrapped;
  };
}

/** Before delivering this one reminder, `first`. */
const around = (reminderId: string, first: () => void | Promise<void>) =>
  before((reminder) => (reminder.id === reminderId ? first() : undefined));

/** Notes every reminder the worker delivers (handlers run only for a reminder it claimed). */
const recording = (claimed: string[]) => before((reminder) => void claimed.push(reminder.id));

/** Blocks the event loop: no timers, no lock renewal, no I/O in this process. */
function busyWait(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

/** A promise that the test opens. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const QUEUES = [REMINDER_QUEUE, EMAIL_QUEUE, MAINTENANCE_QUEUE];

/**
 * Lost locks and Redis outages are expected here; BullMQ prints an 'Unhandled error' with its stack for
 * an 'error' event nobody listens to (the worker app attaches no listener), so the tests listen.
 */
function silenceRedisErrors(context: INestApplicationContext): void {
  context.get<Redis>(REDIS).on('error', noop);
  for (const name of QUEUES) context.get<Queue>(getQueueToken(name)).on('error', noop);
}

/**
 * The real worker module in this process (like test/support/test-worker.ts), optionally with
 * wrapped reminder handlers, and with a way to die without cleaning up.
 */
class FaultWorker {
  private constructor(readonly context: TestingModule) {}

  static async start(clock: Clock, wrap?: (handlers: ReminderHandlers) => ReminderHandlers): Promise<FaultWorker> {
    let builder = Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(Clock)
      .useValue(clock);
    if (wrap) {
      builder = builder.overrideProvider(REMINDER_HANDLERS).useFactory({
        inject: [HandoffRemindersService, CaseRemindersService],
        factory: (handoffs: HandoffRemindersService, cases: CaseRemindersService) => wrap(handlersOf(handoffs, cases)),
      });
    }
    const moduleRef = await builder.compile();
    moduleRef.useLogger(false);
    silenceRedisErrors(moduleRef);
    await moduleRef.init();
    for (const processor of [ReminderProcessor, EmailProcessor, MaintenanceProcessor]) moduleRef.get(processor).worker.on('error', noop);
    return new FaultWorker(moduleRef);
  }

  async stop(): Promise<void> {
    await this.context.close();
  }

  /** As if the process died: no more polling, its BullMQ workers gone from Redis (no lock renewal, no completion). */
  async crash(): Promise<void> {
    await this.context.get(WorkerLoop).onApplicationShutdown();
    await Promise.all(
      [ReminderProcessor, EmailProcessor, MaintenanceProcessor].map((processor) => this.context.get(processor).worker.close(true)),
    );
  }
}

describe('worker faults (private Redis)', () => {
  const clock = new TestClock();
  let redis: PrivateRedis;
  let admin: Redis;
  let t: TestApp;
  let network: TestNetwork;
  let reminderQueue: Queue;
  let maintenanceQueue: Queue;
  let bullPrefix: string;
  const workers: FaultWorker[] = [];

  const startWorker = async (wrap?: (handlers: ReminderHandlers) => ReminderHandlers) => {
    const worker = await FaultWorker.start(clock, wrap);
    workers.push(worker);
    return worker;
  };
  const stopWorker = async (worker: FaultWorker) => {
    workers.splice(workers.indexOf(worker), 1);
    await worker.stop();
  };

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    admin.on('error', noop);
    t = await TestApp.start(
      {
        REDIS_URL: redis.url,
        WORKER_POLL_INTERVAL_MS: '100',
        WORKER_LOCK_DURATION_MS: '1000',
        REFRESH_TOKEN_ABSOLUTE_DAYS: '3650',
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      },
      { clock },
    );
    silenceRedisErrors(t.app);
    const connection = bullConnection(t.environment);
    bullPrefix = connection.prefix;
    reminderQueue = new Queue(REMINDER_QUEUE, connection);
    maintenanceQueue = new Queue(MAINTENANCE_QUEUE, connection);
    reminderQueue.on('error', noop);
    maintenanceQueue.on('error', noop);
    network = await createNetwork(t);
  });

  afterEach(async () => {
    // A failed test must not leave workers behind for the next one.
    for (const worker of workers.splice(0)) await worker.stop().catch(noop);
  });

  afterAll(async () => {
    await reminderQueue?.close();
    await maintenanceQueue?.close();
    await t?.stop();
    admin?.disconnect();
    await redis?.kill();
  });

  /** Cases of the counsellor with this follow-up date (its reminder is due at 08:00 Berlin that day). */
  const followUps = async (count: number, followUpOn: string): Promise<string[]> => {
    const ids: string[] = [];
    while (ids.length < count) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, count - ids.length) }, () => createCase(t, network.users.counsellor, { followUpOn })),
      );
      ids.push(...batch.map((created) => created.id));
    }
    return ids;
  };

  const reminderIds = async (caseIds: string[]): Promise<string[]> =>
    (
      await t.dataSource.query(`SELECT id FROM reminders WHERE case_id = ANY($1::uuid[]) AND kind = 'case_follow_up' ORDER BY id`, [
        caseIds,
      ])
    ).map((row: { id: string }) => row.id);

  const handoffReminder = async (handoffId: string, kind: string): Promise<{ id: string; due_at: Date }> =>
    (await t.dataSource.query(`SELECT id, due_at FROM reminders WHERE handoff_id = $1 AND kind = $2`, [handoffId, kind]))[0];

  const reminderStatus = async (id: string): Promise<string> =>
    (await t.dataSource.query(`SELECT status FROM reminders WHERE id = $1`, [id]))[0].status;

  /** Every one of these reminders is a delayed job in BullMQ. */
  const expectDelayedJobs = async (ids: string[]) => {
    const states = await Promise.all(ids.map((id) => reminderQueue.getJobState(id)));
    expect(states.filter((state) => state !== 'delayed')).toEqual([]);
  };

  /** Nothing left for BullMQ to run. */
  const drained = () =>
    eventually(async () => {
      expect(await reminderQueue.getJobCounts('waiting', 'delayed', 'active', 'prioritized')).toEqual({
        waiting: 0,
        delayed: 0,
        active: 0,
        prioritized: 0,
      });
    });

  const allDelivered = (caseIds: string[]) =>
    eventually(async () => {
      const [{ delivered }] = await t.dataSource.query(
        `SELECT count(*)::int AS delivered FROM reminders WHERE case_id = ANY($1::uuid[]) AND kind = 'case_follow_up' AND status = 'delivered'`,
        [caseIds],
      );
      expect(delivered).toBe(caseIds.length);
    }, 20_000);

  /** The source of truth: each reminder delivered, each case's assignee told exactly once. */
  const expectDeliveredOnce = async (caseIds: string[]) => {
    const statuses = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM reminders WHERE case_id = ANY($1::uuid[]) AND kind = 'case_follow_up' GROUP BY status`,
      [caseIds],
    );
    expect(statuses).toEqual([{ status: 'delivered', n: caseIds.length }]);
    const notified: { id: string; n: number }[] = await t.dataSource.query(
      `SELECT c.id, count(n.id)::int AS n FROM unnest($1::uuid[]) AS c(id)
         LEFT JOIN notifications n ON n.case_id = c.id AND n.kind = 'case_follow_up_due'
        GROUP BY c.id`,
      [caseIds],
    );
    expect(notified).toHaveLength(caseIds.length);
    expect(notified.filter((row) => row.n !== 1)).toEqual([]);
  };

  /** Backends of the test database waiting for a lock, and whom they wait for. */
  const waiting = async (): Promise<{ pid: number; blockers: number[]; query: string }[]> =>
    t.dataSource.query(
      `SELECT pid, pg_blocking_pids(pid) AS blockers, query FROM pg_stat_activity
        WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0`,
    );

  /** A second database session of the test, for holding row locks. */
  const blockerSession = async (): Promise<{ client: pg.Client; pid: number }> => {
    const client = new pg.Client({ connectionString: t.environment.DATABASE_URL });
    await client.connect();
    const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows;
    return { client, pid };
  };

  /** The one session waiting for the blocker (a worker's claim), once it waits. */
  const waitingFor = (blockerPid: number) =>
    eventually(async () => {
      const rows = (await waiting()).filter((row) => row.blockers.includes(blockerPid));
      expect(rows).toHaveLength(1);
      return rows[0];
    });

  const schedulerKeys = async () => (await maintenanceQueue.getJobSchedulers()).map((scheduler) => scheduler.key).sort();

  it('Redis FLUSHALL while reminders wait as delayed jobs, then a worker restart: every reminder delivered exactly once', async () => {
    const worker = await startWorker();
    const due = berlinInstant('2026-12-01', 8);
    clock.setSoon(due, 60_000);
    const cases = await followUps(30, '2026-12-01');
    const ids = await reminderIds(cases);
    await eventually(() => expectDelayedJobs(ids));

    clock.setSoon(due, 1000);
    await admin.flushall();
    expect(await reminderQueue.getJobCounts('delayed')).toEqual({ delayed: 0 });
    await stopWorker(worker);
    await startWorker();

    await allDelivered(cases);
    await drained();
    await expectDeliveredOnce(cases);
    // The repeatable jobs were lost with everything else and are registered again.
    expect(await schedulerKeys()).toEqual(['lead-digest', 'retention']);
  }, 40_000);

  it('Redis killed and restarted empty while jobs wait: the worker reconnects, reconciles, delivers each reminder once', async () => {
    await startWorker();
    const due = berlinInstant('2026-12-02', 8);
    clock.setSoon(due, 60_000);
    const cases = await followUps(30, '2026-12-02');
    const ids = await reminderIds(cases);
    await eventually(() => expectDelayedJobs(ids));

    await redis.kill();
    // Down for a few polls of the worker (its ticks fail and are retried).
    await sleep(500);
    clock.setSoon(due, 1000);
    await redis.start();

    await allDelivered(cases);
    await drained();
    await expectDeliveredOnce(cases);
    expect(await schedulerKeys()).toEqual(['lead-digest', 'retention']);
  }, 40_000);

  it('a worker that dies mid-delivery: its job is retried by another worker once its lock expired, and delivered once', async () => {
    const doomed = await startWorker();
    const due = berlinInstant('2026-12-03', 8);
    clock.setSoon(due, 60_000);
    const [caseId] = await followUps(1, '2026-12-03');
    const [reminderId] = await reminderIds([caseId]);
    await eventually(() => expectDelayedJobs([reminderId]));

    // Someone holds the reminder's row: the worker's claim will wait for it.
    const blocker = await blockerSession();
    try {
      await blocker.client.query('BEGIN');
      await blocker.client.query('SELECT id FROM reminders WHERE id = $1 FOR UPDATE', [reminderId]);
      clock.setSoon(due, -1000);
      await (await reminderQueue.getJob(reminderId))!.promote();
      const claim = await waitingFor(blocker.pid);
      expect(await reminderQueue.getJobState(reminderId)).toBe('active');

      // The worker dies: it stops polling, its Redis connections are gone, its database session ends.
      await doomed.crash();
      await blocker.client.query('SELECT pg_terminate_backend($1)', [claim.pid]);
      // Its job lock (WORKER_LOCK_DURATION_MS = 1000) expires; the row is free again.
      await eventually(async () => expect(await admin.exists(`${bullPrefix}:${REMINDER_QUEUE}:${reminderId}:lock`)).toBe(0));
      await blocker.client.query('ROLLBACK');
    } finally {
      await blocker.client.end();
    }
    expect(await reminderStatus(reminderId)).toBe('scheduled');

    const rescued: string[] = [];
    await startWorker(recording(rescued));
    await eventually(async () => expect(rescued).toEqual([reminderId]));
    await drained();
    await expectDeliveredOnce([caseId]);
  }, 40_000);

  it('a job that blocks the event loop longer than its lock runs twice and still delivers once', async () => {
    clock.setSoon(berlinInstant('2026-12-03', 9), 0);
    const handoff = await createHandoff(t, network.counsellorC, network.orgA);
    const reminder = await handoffReminder(handoff.id, 'handoff_response_due');
    // Every time a worker takes the job, seen from Redis.
    const events = new QueueEvents(REMINDER_QUEUE, bullConnection(t.environment));
    events.on('error', noop);
    await events.waitUntilReady();
    const runs: string[] = [];
    events.on('active', ({ jobId }) => runs.push(jobId));
    try {
      let entered = 0;
      await startWorker(around(reminder.id, () => (entered++, busyWait(2500))));
      clock.setSoon(reminder.due_at, 300);
      // The blocking worker took the job (and has been blocked for 2.5 s when this check runs).
      await eventually(async () => expect(entered).toBe(1));
      await startWorker();

      await eventually(async () => {
        expect(runs.filter((id) => id === reminder.id).length).toBeGreaterThanOrEqual(2);
        expect(await reminderStatus(reminder.id)).toBe('delivered');
      });
      await drained();
      // The whole team of A (no counsellor there works in housing), one notification each.
      const recipients: { recipient_id: string; n: number }[] = await t.dataSource.query(
        `SELECT recipient_id, count(*)::int AS n FROM notifications WHERE handoff_id = $1 AND kind = 'handoff_response_due' GROUP BY recipient_id`,
        [handoff.id],
      );
      expect(recipients.map((row) => row.recipient_id).sort()).toEqual(
        [network.users.counsellor.id, network.users.lead.id, network.targetUserA].sort(),
      );
      expect(recipients.filter((row) => row.n !== 1)).toEqual([]);
      expect(entered).toBe(1);
    } finally {
      await events.close();
    }
  }, 40_000);

  it('two workers at once on 200 reminders due now: each delivered exactly once', async () => {
    clock.setSoon(berlinInstant('2026-12-10', 9), 0);
    const cases = await followUps(200, '2026-12-10');
    const ids = await reminderIds(cases);
    const claimed: string[] = [];
    await Promise.all([startWorker(recording(claimed)), startWorker(recording(claimed))]);

    await allDelivered(cases);
    await drained();
    await expectDeliveredOnce(cases);
    // Each reminder was claimed once, by one of the two (any other run of its job found nothing to do).
    expect(claimed.filter((id) => ids.includes(id)).sort()).toEqual(ids);
  }, 40_000);

  it('a worker stopped in the middle of a delivery finishes it first: delivered, nothing left active', async () => {
    clock.setSoon(berlinInstant('2026-12-10', 10), 0);
    const handoff = await createHandoff(t, network.counsellorC, network.orgA);
    const expiry = await handoffReminder(handoff.id, 'handoff_expiry');
    const slow = gate();
    let entered = false;
    const worker = await startWorker(around(expiry.id, () => ((entered = true), slow.opened)));
    try {
      clock.setSoon(expiry.due_at, 300);
      await eventually(async () => expect(entered).toBe(true));
      let stopped = false;
      const stopping = stopWorker(worker).then(() => (stopped = true));
      await sleep(300);
      expect(stopped).toBe(false);
      slow.open();
      await stopping;
    } finally {
      slow.open();
    }
    expect(await reminderStatus(expiry.id)).toBe('delivered');
    expect((await t.dataSource.query(`SELECT status FROM handoffs WHERE id = $1`, [handoff.id]))[0].status).toBe('expired');
    expect(await reminderQueue.getJob(expiry.id)).toBeUndefined();
    expect(await admin.sismember(`${bullPrefix}:${REMINDER_QUEUE}:stalled`, expiry.id)).toBe(0);
  });

  it('a hand-off declined while its expiry reminder is being delivered: exactly one of them wins, the other is a clean conflict', async () => {
    clock.setSoon(berlinInstant('2026-12-14', 9), 0);
    const handoff = await createHandoff(t, network.counsellorC, network.orgA);
    const expiry = await handoffReminder(handoff.id, 'handoff_expiry');
    const slow = gate();
    let entered = false;
    await startWorker(around(expiry.id, () => ((entered = true), slow.opened)));
    let response: Response;
    try {
      clock.setSoon(expiry.due_at, 300);
      // The worker claimed the expiry reminder (its row is locked by the delivery transaction) ...
      await eventually(async () => expect(entered).toBe(true));
      // ... when a counsellor of A declines the hand-off.
      let answered = false;
      const declining = t.http
        .post(`/api/v1/handoffs/${handoff.id}/decline`)
        .set(bearer(network.users.counsellor))
        .send({ reason: 'no_capacity' })
        .then((result) => ((answered = true), result));
      // The decline waits for the delivery ...
      await eventually(async () => expect(answered || (await waiting()).length === 1).toBe(true));
      // ... and the expiry goes on.
      slow.open();
      response = await declining;
    } finally {
      slow.open();
    }
    expect({ status: response.status, type: response.body.type }).toEqual(
      response.status === 200 ? { status: 200, type: undefined } : { status: 409, type: expect.any(String) },
    );
    const [{ status }] = await t.dataSource.query(`SELECT status FROM handoffs WHERE id = $1`, [handoff.id]);
    expect(status).toBe(response.status === 200 ? 'declined' : 'expired');
    await drained();
    const told = await t.dataSource.query(
      `SELECT kind, count(*)::int AS n FROM notifications
        WHERE handoff_id = $1 AND kind IN ('handoff_declined', 'handoff_expired') GROUP BY kind`,
      [handoff.id],
    );
    expect(told).toEqual([{ kind: status === 'declined' ? 'handoff_declined' : 'handoff_expired', n: 1 }]);
  }, 40_000);

  it('a tick that loses Postgres right after noticing that Redis was reset still gets the repeatable jobs registered again', async () => {
    await startWorker();
    expect(await schedulerKeys()).toEqual(['lead-digest', 'retention']);
    // A pending e-mail locked by someone else: each tick ends up waiting for it (its last step skips e-mails without SMTP).
    const blocker = await blockerSession();
    try {
      for (;;) {
        const [{ id }] = (
          await blocker.client.query(`INSERT INTO notifications (recipient_id, kind) VALUES ($1, 'case_assigned') RETURNING id`, [
            network.users.counsellor.id,
          ])
        ).rows;
        await blocker.client.query('BEGIN');
        if (
          (await blocker.client.query(`SELECT 1 FROM email_outbox WHERE notification_id = $1 AND failed_at IS NULL FOR UPDATE`, [id]))
            .rowCount
        )
          break;
        await blocker.client.query('ROLLBACK');
      }
      const stuck = await waitingFor(blocker.pid);
      await admin.flushall();
      // The stuck tick loses its database session; the next one notices the reset, then gets stuck and loses its session too.
      await blocker.client.query('SELECT pg_terminate_backend($1)', [stuck.pid]);
      const stuckAgain = await eventually(async () => {
        const next = await waitingFor(blocker.pid);
        expect(next.pid).not.toBe(stuck.pid);
        return next;
      });
      await blocker.client.query('SELECT pg_terminate_backend($1)', [stuckAgain.pid]);
      await blocker.client.query('ROLLBACK');
    } finally {
      await blocker.client.end();
    }
    // The worker goes on (a reminder due now is delivered) ...
    clock.setSoon(berlinInstant('2026-12-15', 9), 0);
    await allDelivered(await followUps(1, '2026-12-15'));
    // ... and the lead digest and retention are scheduled again.
    await eventually(async () => expect(await schedulerKeys()).toEqual(['lead-digest', 'retention']), 3000);
  }, 40_000);

  it('a reminder whose job failed for good (its worker died twice while delivering it) is enqueued again and delivered', async () => {
    const due = berlinInstant('2026-12-16', 8);
    clock.setSoon(due, 60_000);
    const [caseId] = await followUps(1, '2026-12-16');
    const [reminderId] = await reminderIds([caseId]);
    let worker = await startWorker();
    await eventually(() => expectDelayedJobs([reminderId]));
    const blocker = await blockerSession();
    try {
      await blocker.client.query('BEGIN');
      await blocker.client.query('SELECT id FROM reminders WHERE id = $1 FOR UPDATE', [reminderId]);
      clock.setSoon(due, -1000);
      await (await reminderQueue.getJob(reminderId))!.promote();
      for (let death = 1; death <= 2; death++) {
        const claim = await waitingFor(blocker.pid);
        await worker.crash();
        await blocker.client.query('SELECT pg_terminate_backend($1)', [claim.pid]);
        worker = await startWorker();
      }
      // Stalled a second time: BullMQ gives up on the job (maxStalledCount 1) and keeps it as failed.
      await eventually(async () => expect(await reminderQueue.getJobState(reminderId)).not.toBe('active'));
      await blocker.client.query('ROLLBACK');
    } finally {
      await blocker.client.end();
    }
    // Postgres, the source of truth, has it scheduled; once overdue, the worker enqueues it again and delivers it.
    clock.advance(5 * 60_000);
    await eventually(async () => expect(await reminderStatus(reminderId)).toBe('delivered'), 8000);
    await expectDeliveredOnce([caseId]);
  }, 40_000);

  it('thirty worker starts and stops: the repeatable jobs lead-digest and retention are registered once', async () => {
    await admin.flushall();
    for (let round = 0; round < 10; round++) {
      const started = await Promise.all([startWorker(), startWorker(), startWorker()]);
      await Promise.all(started.map(stopWorker));
    }
    const registered = (await maintenanceQueue.getJobSchedulers()).map((scheduler) => ({
      key: scheduler.key,
      pattern: scheduler.pattern,
      tz: scheduler.tz,
    }));
    expect(registered.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { key: 'lead-digest', pattern: '30 7 * * 1-5', tz: 'Europe/Berlin' },
      { key: 'retention', pattern: '15 3 * * *', tz: 'Europe/Berlin' },
    ]);
    // One next run each, and the registration lock is gone.
    const next = await maintenanceQueue.getDelayed();
    expect(next.map((job) => job.name).sort()).toEqual(['lead-digest', 'retention']);
    expect(await admin.exists(`${t.environment.REDIS_KEY_PREFIX}:job-schedulers-lock`)).toBe(0);
  }, 60_000);

  it('refuses a Redis whose maxmemory-policy is not noeviction, with a one-line explanation', async () => {
    expect(await evictionPolicyProblem(admin)).toBeNull();
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const problem = await evictionPolicyProblem(admin);
      expect(problem).toEqual(expect.stringContaining('"allkeys-lru"'));
      expect(problem).toEqual(expect.stringContaining('noeviction'));
      expect(problem).not.toContain('\n');
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
    }
    expect(await evictionPolicyProblem(admin)).toBeNull();
  });

  it('the worker process refuses to start against that Redis: exit code 1 and that one line', async () => {
    // The real entry point (apps/worker/src/main.ts), compiled like `npm run build` but into a directory of its own.
    const build = await mkdtemp(join(tmpdir(), 'worker-build-'));
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const compiled = await run(resolve('node_modules/.bin/swc'), ['apps', 'libs', 'migrations', '-d', build, '--quiet'], {
        cwd: process.cwd(),
      });
      expect(compiled).toEqual(expect.objectContaining({ code: 0 }));
      await writeFile(join(build, 'package.json'), '{ "type": "module" }');
      await symlink(resolve('node_modules'), join(build, 'node_modules'));
      const expected = await evictionPolicyProblem(admin);
      const started = await run(process.execPath, [join(build, 'apps/worker/src/main.js')], {
        cwd: build,
        env: { PATH: process.env.PATH, DATABASE_URL: t.environment.DATABASE_URL, REDIS_URL: redis.url, LOG_LEVEL: 'silent' },
      });
      expect({ code: started.code, stderr: started.stderr }).toEqual({ code: 1, stderr: `${expected}\n` });
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await rm(build, { recursive: true, force: true });
    }
  }, 30_000);
});
