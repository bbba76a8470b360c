import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { berlinDate, berlinInstant, isoWeekOf } from '@app/core';
import { DELETE_CASE_NOTIFICATIONS_SQL, DELETE_CASE_REMINDERS_SQL, LeadDigestService, RetentionService } from '@app/handoffs';
import { REMINDER_QUEUE } from '@app/reminders';
import { createCase, createHandoff, createNetwork, type TestNetwork } from './support/network';
import { bearer, TestApp, type TestUser } from './support/test-app';
import { TestClock } from './support/test-clock';
import { TestWorker } from './support/test-worker';
import { eventually } from './support/eventually';
import { explain, planNodes } from './support/query-plan';

/**
 * Every reminder kind, delivered by the real worker (BullMQ on Redis, Postgres) at its due time on
 * the shared TestClock, to the right people, once; transitions cancel reminders that became moot;
 * the leads' digest on Saxony working days; retention of closed cases.
 */

const API = '/api/v1';
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

interface ReminderRow {
  id: string;
  kind: string;
  status: 'scheduled' | 'delivered' | 'cancelled';
  due_at: Date;
  settled_at: Date | null;
  enqueued_at: Date | null;
}

describe('reminders delivered by the worker', () => {
  const clock = new TestClock();
  let t: TestApp;
  let worker: TestWorker;
  let network: TestNetwork;
  let reminderQueue: Queue;

  beforeAll(async () => {
    t = await TestApp.start(
      {
        WORKER_POLL_INTERVAL_MS: '100',
        // Only reminders due within 3 s become BullMQ jobs: a clock jump never finds a job waiting minutes of real time.
        REMINDER_HORIZON_MS: '3000',
        // The clock moves weeks back and forth; sign-ins must outlive that.
        REFRESH_TOKEN_ABSOLUTE_DAYS: '3650',
        REFRESH_TOKEN_IDLE_DAYS: '3650',
        AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      },
      { clock },
    );
    worker = await TestWorker.start(clock);
    reminderQueue = worker.context.get<Queue>(getQueueToken(REMINDER_QUEUE));
    network = await createNetwork(t);
  });

  afterAll(async () => {
    await worker.stop();
    await t.stop();
  });

  const inbox = async (user: TestUser, kind: string) =>
    (
      (await t.http.get('/api/v1/notifications?limit=200').set(bearer(user))).body.items as { kind: string; handoffId: string | null }[]
    ).filter((n) => n.kind === kind);

  /** Sets the shared clock to this instant (API and worker). */
  const setClock = (instant: Date) => clock.setSoon(instant, 0);

  const handoffReminder = async (handoffId: string, kind: string): Promise<ReminderRow> => {
    const [row] = await t.dataSource.query(`SELECT * FROM reminders WHERE handoff_id = $1 AND kind = $2`, [handoffId, kind]);
    return row;
  };

  const caseReminder = async (caseId: string): Promise<ReminderRow> => {
    const [row] = await t.dataSource.query(
      `SELECT * FROM reminders WHERE case_id = $1 AND handoff_id IS NULL AND kind = 'case_follow_up'`,
      [caseId],
    );
    return row;
  };

  /** Recipients of every notification of this kind about the hand-off or case, sorted, duplicates kept. */
  const recipients = async (subject: { handoffId?: string; caseId?: string }, kind: string): Promise<string[]> => {
    const rows: { recipient_id: string }[] = subject.handoffId
      ? await t.dataSource.query(`SELECT recipient_id FROM notifications WHERE handoff_id = $1 AND kind = $2`, [subject.handoffId, kind])
      : await t.dataSource.query(`SELECT recipient_id FROM notifications WHERE case_id = $1 AND kind = $2`, [subject.caseId, kind]);
    return rows.map((row) => row.recipient_id).sort();
  };

  const ids = (...users: (TestUser | string)[]) => users.map((user) => (typeof user === 'string' ? user : user.id)).sort();

  /**
   * Moves the clock to just before the reminder's due time and waits for the worker to deliver it;
   * checks that it was delivered at (not before, and promptly after) its due time.
   */
  const fire = async (read: () => Promise<ReminderRow>): Promise<ReminderRow> => {
    const before = await read();
    expect(before.status).toBe('scheduled');
    clock.setSoon(before.due_at, 300);
    const delivered = await eventually(async () => {
      const row = await read();
      expect(row.status).toBe('delivered');
      return row;
    });
    expect(delivered.settled_at!.getTime()).toBeGreaterThanOrEqual(before.due_at.getTime());
    expect(delivered.settled_at!.getTime() - before.due_at.getTime()).toBeLessThan(5000);
    return delivered;
  };

  /** Waits until the reminder's BullMQ job has run and is gone (jobs are removed on completion). */
  const jobGone = (reminderId: string) =>
    eventually(async () => {
      expect(await reminderQueue.getJob(reminderId)).toBeUndefined();
    });

  const setDomains = (user: TestUser, domains: string[]) =>
    t.dataSource.query(`UPDATE users SET domains = $2 WHERE id = $1`, [user.id, domains]);

  const handoffStatus = async (handoffId: string): Promise<string> =>
    (await t.dataSource.query(`SELECT status FROM handoffs WHERE id = $1`, [handoffId]))[0].status;

  it('reminds the target when a hand-off is not answered by its due date, once', async () => {
    const handoff = await createHandoff(t, network.counsellorC, network.orgA);
    const [{ due_at: dueAt }] = await t.dataSource.query(
      `SELECT due_at FROM reminders WHERE handoff_id = $1 AND kind = 'handoff_response_due'`,
      [handoff.id],
    );
    clock.setSoon(dueAt, 300);
    await eventually(async () => {
      const [row] = await t.dataSource.query(`SELECT status FROM reminders WHERE handoff_id = $1 AND kind = 'handoff_response_due'`, [
        handoff.id,
      ]);
      expect(row.status).toBe('delivered');
    });
    const received = await inbox(network.users.counsellor, 'handoff_response_due');
    expect(received.filter((n) => n.handoffId === handoff.id)).toHaveLength(1);
  });

  describe('an unanswered hand-off', () => {
    /** Target organisation with a 2-working-day SLA and counsellors in different domains. */
    let orgT: string;
    let housing: TestUser;
    let health: TestUser;
    let generalist: TestUser;
    let lead: TestUser;
    let leadCounsellor: TestUser;
    let retiredHousing: TestUser;

    beforeAll(async () => {
      orgT = await t.createOrganisation({ responseSlaWorkingDays: 2 });
      housing = await t.createUser(orgT, ['counsellor']);
      health = await t.createUser(orgT, ['counsellor']);
      generalist = await t.createUser(orgT, ['counsellor']);
      lead = await t.createUser(orgT, ['lead']);
      leadCounsellor = await t.createUser(orgT, ['lead', 'counsellor']);
      retiredHousing = await t.createUser(orgT, ['counsellor'], { active: false });
      await t.createUser(orgT, ['org_admin']);
      await setDomains(housing, ['housing', 'social_benefits']);
      await setDomains(health, ['health']);
      await setDomains(retiredHousing, ['housing']);
    });

    it('is due at the end of the SLA’s last Saxony working day, then escalates one working day later, then expires', async () => {
      // Tuesday before Buß- und Bettag (Wednesday 2026-11-18, a holiday in Saxony only).
      setClock(berlinInstant('2026-11-17', 10));
      const handoff = await createHandoff(t, network.counsellorC, orgT, { domains: ['housing', 'debt'], targetUserId: health.id });
      const view = await t.http.get(`${API}/handoffs/${handoff.id}`).set(bearer(network.counsellorC));
      // Thursday and Friday are the two working days: due at the end of Friday, 24:00 Berlin (CET).
      expect(view.body.responseDueAt).toBe('2026-11-20T23:00:00.000Z');
      const responseDue = () => handoffReminder(handoff.id, 'handoff_response_due');
      const escalation = () => handoffReminder(handoff.id, 'handoff_escalation');
      const expiry = () => handoffReminder(handoff.id, 'handoff_expiry');
      expect((await responseDue()).due_at.toISOString()).toBe('2026-11-20T23:00:00.000Z');
      // One working day after Friday is Monday; the grace of 5 working days ends on Friday a week later.
      expect((await escalation()).due_at.toISOString()).toBe('2026-11-23T23:00:00.000Z');
      expect(t.environment.HANDOFF_EXPIRY_GRACE_WORKING_DAYS).toBe(5);
      expect((await expiry()).due_at.toISOString()).toBe('2026-11-27T23:00:00.000Z');

      // Response due: the counsellors working in the hand-off's domains (active ones), plus the named counsellor.
      await fire(responseDue);
      expect(await recipients({ handoffId: handoff.id }, 'handoff_response_due')).toEqual(ids(housing, health));
      expect((await escalation()).status).toBe('scheduled');
      expect(await recipients({ handoffId: handoff.id }, 'handoff_escalated')).toEqual([]);

      // Escalation: the target's leads and the sender.
      await fire(escalation);
      expect(await recipients({ handoffId: handoff.id }, 'handoff_escalated')).toEqual(ids(lead, leadCounsellor, network.counsellorC));
      expect(await handoffStatus(handoff.id)).toBe('pending');
      // Still pending: the case cannot be closed yet.
      const refused = await t.http
        .post(`${API}/cases/${handoff.caseId}/close`)
        .set(bearer(network.counsellorC))
        .send({ outcome: 'resolved' });
      expect(refused.status).toBe(422);

      // Expiry: the hand-off expires, the sender is told, the case no longer waits for it.
      await fire(expiry);
      expect(await handoffStatus(handoff.id)).toBe('expired');
      expect(await recipients({ handoffId: handoff.id }, 'handoff_expired')).toEqual(ids(network.counsellorC));
      const [{ pending_handoffs: pending }] = await t.dataSource.query(`SELECT pending_handoffs FROM cases WHERE id = $1`, [
        handoff.caseId,
      ]);
      expect(pending).toBe(0);
      const closed = await t.http
        .post(`${API}/cases/${handoff.caseId}/close`)
        .set(bearer(network.counsellorC))
        .send({ outcome: 'resolved' });
      expect(closed.status).toBe(200);

      // Each reminder fired once, each notification once per recipient.
      expect((await responseDue()).status).toBe('delivered');
      expect((await escalation()).status).toBe('delivered');
      expect(await recipients({ handoffId: handoff.id }, 'handoff_response_due')).toHaveLength(2);
      expect(await recipients({ handoffId: handoff.id }, 'handoff_escalated')).toHaveLength(3);
    });

    it('reminds the whole target team when no counsellor works in the hand-off’s domains', async () => {
      setClock(berlinInstant('2026-11-30', 9));
      const handoff = await createHandoff(t, network.counsellorC, orgT, { domains: ['debt'] });
      await fire(() => handoffReminder(handoff.id, 'handoff_response_due'));
      // Active counsellors and leads; not the deactivated counsellor, not the organisation admin.
      expect(await recipients({ handoffId: handoff.id }, 'handoff_response_due')).toEqual(
        ids(housing, health, generalist, lead, leadCounsellor),
      );
      expect(await recipients({ handoffId: handoff.id }, 'handoff_response_due')).not.toContain(retiredHousing.id);
    });

    it('due at the same moment as another organisation’s hand-offs: each team is reminded of its own only', async () => {
      const orgU = await t.createOrganisation({ responseSlaWorkingDays: 2 });
      const otherCounsellor = await t.createUser(orgU, ['counsellor']);
      const otherLead = await t.createUser(orgU, ['lead']);
      setClock(berlinInstant('2026-12-14', 9));
      // Sent in the same second to targets with the same SLA: their reminders fall due together and
      // the worker delivers them in one batch.
      const [mine, theirs, theirSecond] = await Promise.all([
        createHandoff(t, network.counsellorC, orgT, { domains: ['debt'] }),
        createHandoff(t, network.counsellorC, orgU, { domains: ['debt'] }),
        createHandoff(t, network.counsellorC, orgU, { domains: ['debt'] }),
      ]);
      await fire(() => handoffReminder(mine.id, 'handoff_response_due'));
      for (const other of [theirs, theirSecond]) {
        await eventually(async () => expect((await handoffReminder(other.id, 'handoff_response_due')).status).toBe('delivered'));
      }
      expect(await recipients({ handoffId: mine.id }, 'handoff_response_due')).toEqual(
        ids(housing, health, generalist, lead, leadCounsellor),
      );
      for (const other of [theirs, theirSecond]) {
        expect(await recipients({ handoffId: other.id }, 'handoff_response_due')).toEqual(ids(otherCounsellor, otherLead));
      }

      await fire(() => handoffReminder(mine.id, 'handoff_escalation'));
      for (const other of [theirs, theirSecond]) {
        await eventually(async () => expect((await handoffReminder(other.id, 'handoff_escalation')).status).toBe('delivered'));
      }
      expect(await recipients({ handoffId: mine.id }, 'handoff_escalated')).toEqual(ids(lead, leadCounsellor, network.counsellorC));
      for (const other of [theirs, theirSecond]) {
        expect(await recipients({ handoffId: other.id }, 'handoff_escalated')).toEqual(ids(otherLead, network.counsellorC));
      }
    });

    it('accepted before its due date: no response-due, escalation or expiry ever arrives, and those reminders are cancelled', async () => {
      setClock(berlinInstant('2026-12-07', 9));
      const accepted = await createHandoff(t, network.counsellorC, orgT, { domains: ['housing'] });
      const unanswered = await createHandoff(t, network.counsellorC, orgT, { domains: ['housing'] });
      const withdrawn = await createHandoff(t, network.counsellorC, orgT, { domains: ['housing'] });
      const acceptedDue = await handoffReminder(accepted.id, 'handoff_response_due');
      // Shortly before the due time the response-due reminder is a delayed BullMQ job already.
      clock.setSoon(acceptedDue.due_at, 2500);
      await eventually(async () => {
        expect((await handoffReminder(accepted.id, 'handoff_response_due')).enqueued_at).not.toBeNull();
        expect(await reminderQueue.getJobState(acceptedDue.id)).toBe('delayed');
      });
      const response = await t.http.post(`${API}/handoffs/${accepted.id}/accept`).set(bearer(housing)).send({});
      expect(response.status).toBe(200);
      const withdrawal = await t.http.post(`${API}/handoffs/${withdrawn.id}/withdraw`).set(bearer(network.counsellorC)).send({});
      expect(withdrawal.status).toBe(200);

      // The unanswered hand-off, due at the same moments, shows when the worker has got that far.
      await eventually(async () => expect((await handoffReminder(unanswered.id, 'handoff_response_due')).status).toBe('delivered'));
      await jobGone(acceptedDue.id);
      await fire(() => handoffReminder(unanswered.id, 'handoff_escalation'));
      await fire(() => handoffReminder(unanswered.id, 'handoff_expiry'));
      expect(await handoffStatus(unanswered.id)).toBe('expired');

      for (const moot of [accepted, withdrawn]) {
        for (const kind of ['handoff_response_due', 'handoff_escalated', 'handoff_expired']) {
          expect({ kind, recipients: await recipients({ handoffId: moot.id }, kind) }).toEqual({ kind, recipients: [] });
        }
        for (const kind of ['handoff_response_due', 'handoff_escalation', 'handoff_expiry']) {
          const row = await handoffReminder(moot.id, kind);
          expect({ kind, status: row.status, settled: row.settled_at !== null }).toEqual({ kind, status: 'cancelled', settled: true });
        }
      }
      expect(await handoffStatus(accepted.id)).toBe('accepted');
      expect(await handoffStatus(withdrawn.id)).toBe('withdrawn');
      // Acceptance scheduled the outcome reminder instead.
      expect((await handoffReminder(accepted.id, 'handoff_outcome_due')).status).toBe('scheduled');
      expect(await handoffReminder(withdrawn.id, 'handoff_outcome_due')).toBeUndefined();
    });

    it('asks the accepting assignee for the outcome HANDOFF_OUTCOME_FOLLOW_UP_DAYS after acceptance', async () => {
      setClock(berlinInstant('2026-12-14', 11));
      const handoff = await createHandoff(t, network.counsellorC, orgT, { domains: ['housing'] });
      const completedLater = await createHandoff(t, network.counsellorC, orgT, { domains: ['health'] });
      const accepted = await t.http.post(`${API}/handoffs/${handoff.id}/accept`).set(bearer(lead)).send({ assigneeId: generalist.id });
      expect(accepted.status).toBe(200);
      expect((await t.http.post(`${API}/handoffs/${completedLater.id}/accept`).set(bearer(health)).send({})).status).toBe(200);
      const outcomeDue = () => handoffReminder(handoff.id, 'handoff_outcome_due');
      expect(t.environment.HANDOFF_OUTCOME_FOLLOW_UP_DAYS).toBe(14);
      expect((await outcomeDue()).due_at.getTime()).toBe(new Date(accepted.body.respondedAt).getTime() + 14 * DAY_MS);
      // Recording the outcome makes its reminder moot.
      const completed = await t.http
        .post(`${API}/handoffs/${completedLater.id}/complete`)
        .set(bearer(health))
        .send({ outcome: 'service_provided' });
      expect(completed.status).toBe(200);
      expect((await handoffReminder(completedLater.id, 'handoff_outcome_due')).status).toBe('cancelled');

      await fire(outcomeDue);
      // The assignee, not the lead who accepted it.
      expect(await recipients({ handoffId: handoff.id }, 'handoff_outcome_due')).toEqual(ids(generalist));
      expect(await recipients({ handoffId: completedLater.id }, 'handoff_outcome_due')).toEqual([]);
    });
  });

  describe('case follow-ups', () => {
    let orgF: string;
    let counsellor: TestUser;
    let leadOne: TestUser;
    let leadTwo: TestUser;

    beforeAll(async () => {
      orgF = await t.createOrganisation();
      counsellor = await t.createUser(orgF, ['counsellor']);
      leadOne = await t.createUser(orgF, ['lead']);
      leadTwo = await t.createUser(orgF, ['lead']);
      await t.createUser(orgF, ['lead'], { active: false });
    });

    it('fire at 08:00 Europe/Berlin of the follow-up date: the assignee, else the leads; never for a closed case', async () => {
      setClock(berlinInstant('2026-12-01', 9));
      const assigned = await createCase(t, counsellor, { followUpOn: '2026-12-03' });
      // A lead (no counsellor role) creating a case leaves it unassigned.
      const unassigned = await createCase(t, leadOne, { followUpOn: '2026-12-03' });
      const closed = await createCase(t, counsellor, { followUpOn: '2026-12-03' });
      const closedBehindItsBack = await createCase(t, counsellor, { followUpOn: '2026-12-03' });
      const summer = await createCase(t, counsellor, { followUpOn: '2027-03-30' });
      expect((await caseReminder(assigned.id)).due_at.toISOString()).toBe('2026-12-03T07:00:00.000Z');
      expect((await caseReminder(unassigned.id)).due_at.toISOString()).toBe('2026-12-03T07:00:00.000Z');
      // Summer time: 08:00 CEST.
      expect((await caseReminder(summer.id)).due_at.toISOString()).toBe('2027-03-30T06:00:00.000Z');

      expect((await t.http.post(`${API}/cases/${closed.id}/close`).set(bearer(counsellor)).send({ outcome: 'resolved' })).status).toBe(200);
      expect((await caseReminder(closed.id)).status).toBe('cancelled');
      // Closed without cancelling its reminder (as if closing raced the delivery): the reminder does nothing.
      await t.dataSource.query(`UPDATE cases SET status = 'closed', outcome = 'resolved', closed_at = now() WHERE id = $1`, [
        closedBehindItsBack.id,
      ]);

      await fire(() => caseReminder(assigned.id));
      await eventually(async () => expect((await caseReminder(unassigned.id)).status).toBe('delivered'));
      await eventually(async () => expect((await caseReminder(closedBehindItsBack.id)).status).toBe('delivered'));
      expect(await recipients({ caseId: assigned.id }, 'case_follow_up_due')).toEqual(ids(counsellor));
      expect(await recipients({ caseId: unassigned.id }, 'case_follow_up_due')).toEqual(ids(leadOne, leadTwo));
      expect(await recipients({ caseId: closed.id }, 'case_follow_up_due')).toEqual([]);
      expect(await recipients({ caseId: closedBehindItsBack.id }, 'case_follow_up_due')).toEqual([]);
      expect((await caseReminder(closed.id)).status).toBe('cancelled');
      expect((await caseReminder(summer.id)).status).toBe('scheduled');
    });

    it('moved to a later date: fires at the new time, not the old one', async () => {
      setClock(berlinInstant('2026-12-07', 9));
      const created = await createCase(t, counsellor, { followUpOn: '2026-12-08' });
      const original = await caseReminder(created.id);
      expect(original.due_at.toISOString()).toBe('2026-12-08T07:00:00.000Z');
      // The old due time is near: its job waits in BullMQ when the date moves.
      clock.setSoon(original.due_at, 2500);
      await eventually(async () => expect(await reminderQueue.getJobState(original.id)).toBe('delayed'));
      const moved = await t.http.patch(`${API}/cases/${created.id}`).set(bearer(counsellor)).send({ followUpOn: '2026-12-10' });
      expect(moved.status).toBe(200);
      const rescheduled = await caseReminder(created.id);
      expect({ id: rescheduled.id, due: rescheduled.due_at.toISOString(), status: rescheduled.status }).toEqual({
        id: original.id,
        due: '2026-12-10T07:00:00.000Z',
        status: 'scheduled',
      });

      // The old job runs at the old time and does nothing.
      await jobGone(original.id);
      expect(clock.now().getTime()).toBeGreaterThan(original.due_at.getTime());
      expect((await caseReminder(created.id)).status).toBe('scheduled');
      expect(await recipients({ caseId: created.id }, 'case_follow_up_due')).toEqual([]);

      await fire(() => caseReminder(created.id));
      expect(await recipients({ caseId: created.id }, 'case_follow_up_due')).toEqual(ids(counsellor));
    });

    it('after a transfer, reminds the new owner’s assignee', async () => {
      setClock(berlinInstant('2026-12-14', 9));
      const created = await createCase(t, network.counsellorC, { followUpOn: '2026-12-16' });
      const transfer = await t.http
        .post(`${API}/cases/${created.id}/handoffs`)
        .set(bearer(network.counsellorC))
        .send({
          targetOrganisationId: orgF,
          kind: 'transfer',
          domains: ['housing'],
          message: 'Bitte übernehmen Sie den Fall.',
          consent: { given: true, givenAt: '2026-12-14T08:00:00Z', method: 'verbal', scope: 'this_handoff' },
        });
      expect(transfer.status).toBe(201);
      const accepted = await t.http
        .post(`${API}/handoffs/${transfer.body.id}/accept`)
        .set(bearer(leadOne))
        .send({ assigneeId: counsellor.id });
      expect({ status: accepted.status, type: accepted.body.type }).toEqual({ status: 200, type: undefined });
      await fire(() => caseReminder(created.id));
      // The new assignee at F, not the counsellor of C who handed the case over.
      expect(await recipients({ caseId: created.id }, 'case_follow_up_due')).toEqual(ids(counsellor));
    });

    it('whose assignee has left or only administers: the leads, else (no active lead) the counsellors', async () => {
      setClock(berlinInstant('2026-12-17', 9));
      const leaver = await t.createUser(orgF, ['counsellor']);
      const mover = await t.createUser(orgF, ['counsellor']);
      const left = await createCase(t, leaver, { followUpOn: '2026-12-18' });
      const administered = await createCase(t, mover, { followUpOn: '2026-12-18' });
      // An organisation whose only lead is deactivated: its counsellors, not its admin.
      const orgG = await t.createOrganisation();
      const leaverG = await t.createUser(orgG, ['counsellor']);
      const stayingG = await t.createUser(orgG, ['counsellor']);
      await t.createUser(orgG, ['lead'], { active: false });
      await t.createUser(orgG, ['org_admin']);
      const leftG = await createCase(t, leaverG, { followUpOn: '2026-12-18' });
      // Deactivating a user or taking its roles leaves its cases assigned to it.
      await t.dataSource.query(`UPDATE users SET active = false WHERE id = ANY($1::uuid[])`, [[leaver.id, leaverG.id]]);
      await t.dataSource.query(`UPDATE users SET roles = '{org_admin}' WHERE id = $1`, [mover.id]);
      const [{ assignees }] = await t.dataSource.query(
        `SELECT array_agg(assignee_id::text ORDER BY assignee_id) AS assignees FROM cases WHERE id = ANY($1::uuid[])`,
        [[left.id, administered.id, leftG.id]],
      );
      expect(assignees).toEqual(ids(leaver, mover, leaverG));

      await fire(() => caseReminder(left.id));
      for (const other of [administered, leftG]) {
        await eventually(async () => expect((await caseReminder(other.id)).status).toBe('delivered'));
      }
      expect(await recipients({ caseId: left.id }, 'case_follow_up_due')).toEqual(ids(leadOne, leadTwo));
      expect(await recipients({ caseId: administered.id }, 'case_follow_up_due')).toEqual(ids(leadOne, leadTwo));
      expect(await recipients({ caseId: leftG.id }, 'case_follow_up_due')).toEqual(ids(stayingG));
    });
  });

  describe('the leads’ digests', () => {
    let digest: LeadDigestService;
    let orgD: string;
    let leadOne: TestUser;
    let leadTwo: TestUser;

    const digests = async (user: TestUser) =>
      (await t.dataSource.query(`SELECT data FROM notifications WHERE recipient_id = $1 AND kind = 'lead_digest'`, [user.id])).map(
        (row: { data: Record<string, unknown> }) => row.data,
      );
    const allDigests = async (): Promise<number> =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'lead_digest'`))[0].n;
    const dailyLeads = async (): Promise<number> =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM users u JOIN organisations o ON o.id = u.organisation_id
            WHERE u.active AND o.active AND 'lead' = ANY(u.roles) AND u.lead_digest = 'daily'`,
        )
      )[0].n;
    const weeklyDigests = async (user: TestUser) =>
      (await t.dataSource.query(`SELECT data FROM notifications WHERE recipient_id = $1 AND kind = 'lead_weekly_digest'`, [user.id])).map(
        (row: { data: Record<string, unknown> }) => row.data,
      );

    beforeAll(async () => {
      digest = worker.context.get(LeadDigestService);
      orgD = await t.createOrganisation();
      leadOne = await t.createUser(orgD, ['lead']);
      leadTwo = await t.createUser(orgD, ['lead', 'counsellor']);
      await t.createUser(orgD, ['lead'], { active: false });
    });

    it('sends nothing on Buß- und Bettag or on a Saturday', async () => {
      const before = await allDigests();
      setClock(berlinInstant('2026-11-18', 7));
      clock.advance(30 * 60_000);
      expect(berlinDate(clock.now())).toBe('2026-11-18');
      expect(await digest.run()).toBeNull();
      setClock(berlinInstant('2026-11-21', 10));
      expect(await digest.run()).toBeNull();
      expect(await allDigests()).toBe(before);
      expect(await t.dataSource.query(`SELECT day FROM digest_runs WHERE day IN ('2026-11-18', '2026-11-21')`)).toEqual([]);
    });

    it('on a working day gives each active lead one digest with the counts, once a day', async () => {
      setClock(berlinInstant('2026-11-19', 7));
      clock.advance(30 * 60_000);
      // Waiting for D: two hand-offs, one of them overdue; a third one already answered.
      const waiting = await createHandoff(t, network.counsellorC, orgD);
      const overdue = await createHandoff(t, network.counsellorC, orgD);
      const answered = await createHandoff(t, network.counsellorC, orgD);
      await t.dataSource.query(`UPDATE handoffs SET response_due_at = $2 WHERE id = $1`, [
        overdue.id,
        new Date(clock.now().getTime() - HOUR_MS),
      ]);
      expect(
        (await t.http.post(`${API}/handoffs/${answered.id}/decline`).set(bearer(leadTwo)).send({ reason: 'no_capacity' })).status,
      ).toBe(200);
      // Follow-ups of D: due today, due earlier, due later, and one of a closed case.
      await createCase(t, leadTwo, { followUpOn: '2026-11-19' });
      // (The API takes no follow-up date in the past: this one was set days ago.)
      const earlier = await createCase(t, leadTwo, { followUpOn: '2026-11-20' });
      await t.dataSource.query(`UPDATE cases SET follow_up_on = '2026-11-16' WHERE id = $1`, [earlier.id]);
      await createCase(t, leadTwo, { followUpOn: '2026-11-25' });
      const closed = await createCase(t, leadTwo, { followUpOn: '2026-11-19' });
      expect((await t.http.post(`${API}/cases/${closed.id}/close`).set(bearer(leadTwo)).send({ outcome: 'resolved' })).status).toBe(200);
      expect(waiting.id).toBeDefined();

      const leads = await dailyLeads();
      const before = await allDigests();
      // It also sends the weekly digests, to nobody yet (every lead has the daily one).
      expect(await digest.run()).toEqual({ day: '2026-11-19', daily: leads, weekly: 0 });
      expect(await allDigests()).toBe(before + leads);
      const expected = { day: '2026-11-19', count: 2, pending: 2, overdue: 1, followUps: 2 };
      expect(await digests(leadOne)).toEqual([expected]);
      expect(await digests(leadTwo)).toEqual([expected]);
      expect(await digests(network.users.lead)).toHaveLength(1);
      expect(await digests(network.users.counsellor)).toEqual([]);

      // The same day again (the job fired twice, or a second worker): nothing.
      clock.advance(8 * HOUR_MS);
      expect(berlinDate(clock.now())).toBe('2026-11-19');
      expect(await digest.run()).toBeNull();
      expect(await allDigests()).toBe(before + leads);
      expect(await digests(leadOne)).toHaveLength(1);
    });

    it('as each lead chose: weekly on the first working day the job runs in the week, with the week before in figures; or none', async () => {
      const orgW = await t.createOrganisation();
      const daily = await t.createUser(orgW, ['lead']);
      const weekly = await t.createUser(orgW, ['lead', 'counsellor']);
      const none = await t.createUser(orgW, ['lead']);
      for (const [lead, choice] of [
        [weekly, 'weekly'],
        [none, 'off'],
      ] as const) {
        expect((await t.http.patch(`${API}/me`).set(bearer(lead)).send({ leadDigest: choice })).status).toBe(200);
      }

      // The week 2026-W48 (Monday 23 to Sunday 29 November) at W: three referrals received (one
      // accepted, one declined, one still waiting), two cases opened and one of them closed. Rows
      // take their creation time from the database's clock, so the test dates them itself.
      setClock(berlinInstant('2026-11-24', 10));
      const received = [];
      for (let n = 0; n < 3; n++) received.push(await createHandoff(t, network.counsellorC, orgW));
      expect((await t.http.post(`${API}/handoffs/${received[0].id}/accept`).set(bearer(daily)).send({})).status).toBe(200);
      expect(
        (await t.http.post(`${API}/handoffs/${received[1].id}/decline`).set(bearer(daily)).send({ reason: 'no_capacity' })).status,
      ).toBe(200);
      const opened = [await createCase(t, weekly, { followUpOn: '2026-12-04' }), await createCase(t, weekly)];
      expect((await t.http.post(`${API}/cases/${opened[1].id}/close`).set(bearer(weekly)).send({ outcome: 'resolved' })).status).toBe(200);
      // None of these counts for that week: a referral received the Friday before, a case opened the
      // Monday after, and a case closed then.
      const before = await createHandoff(t, network.counsellorC, orgW);
      const after = [await createCase(t, weekly, { followUpOn: '2026-12-10' }), await createCase(t, weekly)];
      expect((await t.http.post(`${API}/cases/${after[1].id}/close`).set(bearer(weekly)).send({ outcome: 'resolved' })).status).toBe(200);
      const dated = async (table: 'handoffs' | 'cases', rows: { id: string }[], column: string, date: string, hour: number) =>
        t.dataSource.query(`UPDATE ${table} SET ${column} = $2 WHERE id = ANY($1::uuid[])`, [
          rows.map((row) => row.id),
          berlinInstant(date, hour),
        ]);
      await dated('handoffs', received, 'created_at', '2026-11-23', 0);
      await dated('handoffs', [before], 'created_at', '2026-11-22', 23);
      await dated('cases', opened, 'created_at', '2026-11-29', 23);
      await dated('cases', [opened[1]], 'closed_at', '2026-11-29', 23);
      await dated('cases', after, 'created_at', '2026-11-30', 0);
      await dated('cases', [after[1]], 'closed_at', '2026-11-30', 0);
      // Cases of that week already deleted by retention (a short RETENTION_DAYS) still count, as on the
      // dashboard; those of the Monday after do not.
      await t.dataSource.query(
        `INSERT INTO retained_case_days (organisation_id, day, opened, closed) VALUES ($1, '2026-11-23', 2, 0), ($1, '2026-11-29', 0, 1), ($1, '2026-11-30', 5, 5)`,
        [orgW],
      );
      // The two waiting referrals: one overdue, one not yet.
      await dated('handoffs', [received[2]], 'response_due_at', '2026-11-27', 0);
      await dated('handoffs', [before], 'response_due_at', '2026-12-03', 0);

      // Monday 30 November the job did not run (worker down): Tuesday's run sends the weekly digest.
      setClock(berlinInstant('2026-12-01', 7));
      clock.advance(30 * 60_000);
      const leads = await dailyLeads();
      expect(await digest.run()).toEqual({ day: '2026-12-01', daily: leads, weekly: 1 });
      expect(await weeklyDigests(weekly)).toEqual([
        {
          week: '2026-W49',
          count: 2,
          pending: 2,
          overdue: 1,
          followUps: 1,
          followUpsDueBy: '2026-12-06',
          pastWeek: '2026-W48',
          pastWeekFrom: '2026-11-23',
          pastWeekTo: '2026-11-29',
          handoffsReceived: 3,
          handoffsAccepted: 1,
          handoffsDeclined: 1,
          casesOpened: 4,
          casesClosed: 2,
        },
      ]);
      expect(await digests(weekly)).toEqual([]);
      // The digest and the organisation dashboard count each in their own SQL: for the same week, the
      // lead reads the same figures on the dashboard.
      const dashboard = await t.http
        .get(`${API}/dashboards/organisations/${orgW}`)
        .query({ from: berlinInstant('2026-11-23', 0).toISOString(), to: berlinInstant('2026-11-30', 0).toISOString() })
        .set(bearer(daily));
      expect(dashboard.status).toBe(200);
      expect(dashboard.body.acceptance).toMatchObject({ accepted: 1, declined: 1 });
      expect(dashboard.body.weekly).toEqual([
        { week: '2026-W48', series: 'closed_cases', count: 2 },
        { week: '2026-W48', series: 'incoming_handoffs', count: 3 },
        { week: '2026-W48', series: 'new_cases', count: 4 },
      ]);
      // The daily lead gets today's digest: the follow-up of Friday the 4th is not due yet.
      expect(await digests(daily)).toEqual([{ day: '2026-12-01', count: 2, pending: 2, overdue: 1, followUps: 0 }]);
      expect(await weeklyDigests(daily)).toEqual([]);
      expect([...(await digests(none)), ...(await weeklyDigests(none))]).toEqual([]);

      // Later on Tuesday the lead who had none chooses weekly: Wednesday's run sends it this week's,
      // and the daily digests again, but no second weekly one to the first lead.
      expect((await t.http.patch(`${API}/me`).set(bearer(none)).send({ leadDigest: 'weekly' })).status).toBe(200);
      setClock(berlinInstant('2026-12-02', 7));
      clock.advance(30 * 60_000);
      expect(await digest.run()).toEqual({ day: '2026-12-02', daily: leads, weekly: 1 });
      expect(await weeklyDigests(weekly)).toHaveLength(1);
      expect(await weeklyDigests(none)).toEqual([expect.objectContaining({ week: '2026-W49', pastWeek: '2026-W48', casesOpened: 4 })]);
      expect(await digests(daily)).toHaveLength(2);
      // Thursday: daily only. The next week's first run: each weekly lead once more.
      setClock(berlinInstant('2026-12-03', 7));
      clock.advance(30 * 60_000);
      expect(await digest.run()).toEqual({ day: '2026-12-03', daily: leads, weekly: 0 });
      setClock(berlinInstant('2026-12-07', 7));
      clock.advance(30 * 60_000);
      expect((await digest.run())?.weekly).toBeGreaterThanOrEqual(2);
      for (const lead of [weekly, none])
        expect((await weeklyDigests(lead)).map((data: Record<string, unknown>) => data.week).sort()).toEqual(['2026-W49', '2026-W50']);
    });
  });

  describe('retention', () => {
    it('deletes cases closed longer than RETENTION_DAYS ago with their timeline, keeps the hand-off without text and the statistics', async () => {
      setClock(berlinInstant('2026-12-15', 10));
      const sender = network.counsellorC;
      const old = await createCase(t, sender, { needs: ['housing', 'health'], district: 'ost', followUpOn: '2026-12-20' });
      const handoffResponse = await t.http
        .post(`${API}/cases/${old.id}/handoffs`)
        .set(bearer(sender))
        .send({
          targetOrganisationId: network.orgA,
          kind: 'referral',
          domains: ['housing'],
          message: 'Bitte um Unterstützung bei der Wohnungssuche.',
          consent: { given: true, givenAt: '2026-12-15T08:00:00Z', method: 'verbal', scope: 'this_handoff' },
        });
      expect(handoffResponse.status).toBe(201);
      const handoffId: string = handoffResponse.body.id;
      const declined = await t.http
        .post(`${API}/handoffs/${handoffId}/decline`)
        .set(bearer(network.users.counsellor))
        .send({ reason: 'no_capacity', comment: 'Derzeit keine freien Termine.' });
      expect(declined.status).toBe(200);
      expect(
        (await t.http.post(`${API}/cases/${old.id}/notes`).set(bearer(sender)).send({ text: 'Wohnungssuche läuft weiter.' })).status,
      ).toBe(201);
      expect((await t.http.post(`${API}/cases/${old.id}/close`).set(bearer(sender)).send({ outcome: 'resolved' })).status).toBe(200);
      const recent = await createCase(t, sender, { needs: ['debt'] });
      expect((await t.http.post(`${API}/cases/${recent.id}/close`).set(bearer(sender)).send({ outcome: 'resolved' })).status).toBe(200);
      const open = await createCase(t, sender, { needs: ['debt'] });

      const retentionMs = t.environment.RETENTION_DAYS * DAY_MS;
      const closedAt = new Date(clock.now().getTime() - retentionMs - 3 * DAY_MS);
      await t.dataSource.query(`UPDATE cases SET closed_at = $2 WHERE id = $1`, [old.id, closedAt]);
      // Closed just inside the period: stays.
      await t.dataSource.query(`UPDATE cases SET closed_at = $2 WHERE id = $1`, [
        recent.id,
        new Date(clock.now().getTime() - retentionMs + HOUR_MS),
      ]);
      await t.dataSource.query(`UPDATE cases SET created_at = $2 WHERE id = $1`, [
        open.id,
        new Date(clock.now().getTime() - 2 * retentionMs),
      ]);
      const openedAt = new Date(closedAt.getTime() - 10 * DAY_MS);
      await t.dataSource.query(`UPDATE cases SET created_at = $2 WHERE id = $1`, [old.id, openedAt]);
      expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM case_events WHERE case_id = $1`, [old.id]))[0].n)).toBeGreaterThan(
        0,
      );
      // C's lead looks at the weeks around then (up to just after the closing: `recent` closed 3 days
      // later), before and after the deletion.
      const leadC = await t.createUser(network.orgC, ['lead']);
      const weeklyThen = async () => {
        const window = {
          from: new Date(openedAt.getTime() - 7 * DAY_MS).toISOString(),
          to: new Date(closedAt.getTime() + HOUR_MS).toISOString(),
        };
        const res = await t.http.get(`${API}/dashboards/organisations/${network.orgC}`).query(window).set(bearer(leadC));
        expect(res.status).toBe(200);
        return res.body.weekly as { week: string; series: string; count: number }[];
      };
      const weeklyBefore = await weeklyThen();
      expect(weeklyBefore.filter((row) => row.series.endsWith('_cases'))).toEqual([
        { week: isoWeekOf(berlinDate(openedAt)).label, series: 'new_cases', count: 1 },
        { week: isoWeekOf(berlinDate(closedAt)).label, series: 'closed_cases', count: 1 },
      ]);

      expect(await worker.context.get(RetentionService).run()).toBe(1);

      const count = async (sql: string, params: unknown[]) => Number((await t.dataSource.query(sql, params))[0].n);
      expect(await count(`SELECT count(*) AS n FROM cases WHERE id = $1`, [old.id])).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM case_events WHERE case_id = $1`, [old.id])).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM reminders WHERE case_id = $1`, [old.id])).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM notifications WHERE case_id = $1 OR handoff_id = $2`, [old.id, handoffId])).toBe(0);
      const [handoffRow] = await t.dataSource.query(`SELECT status, message, comment, case_id FROM handoffs WHERE id = $1`, [handoffId]);
      expect(handoffRow).toEqual({ status: 'declined', message: '', comment: null, case_id: old.id });
      expect((await t.http.get(`${API}/cases/${old.id}`).set(bearer(sender))).status).toBe(404);
      const stillVisible = await t.http.get(`${API}/handoffs/${handoffId}`).set(bearer(sender));
      expect(stillVisible.status).toBe(200);
      expect(stillVisible.body).toEqual(expect.objectContaining({ status: 'declined', message: '', declineReason: 'no_capacity' }));

      const month = (instant: Date) => `${berlinDate(instant).slice(0, 7)}-01`;
      const statistics = await t.dataSource.query(
        `SELECT to_char(opened_month, 'YYYY-MM-DD') AS opened, to_char(closed_month, 'YYYY-MM-DD') AS closed, outcome, district, cases
           FROM retained_case_statistics WHERE organisation_id = $1`,
        [network.orgC],
      );
      expect(statistics).toEqual([{ opened: month(openedAt), closed: month(closedAt), outcome: 'resolved', district: 'ost', cases: 1 }]);
      const needs = await t.dataSource.query(
        `SELECT to_char(closed_month, 'YYYY-MM-DD') AS closed, domain, cases FROM retained_case_needs WHERE organisation_id = $1 ORDER BY domain`,
        [network.orgC],
      );
      expect(needs).toEqual([
        { closed: month(closedAt), domain: 'health', cases: 1 },
        { closed: month(closedAt), domain: 'housing', cases: 1 },
      ]);

      // The lead's weekly figures of that time are the same as before the deletion.
      expect(
        await t.dataSource.query(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day, opened, closed FROM retained_case_days WHERE organisation_id = $1 ORDER BY day`,
          [network.orgC],
        ),
      ).toEqual([
        { day: berlinDate(openedAt), opened: 1, closed: 0 },
        { day: berlinDate(closedAt), opened: 0, closed: 1 },
      ]);
      expect(await weeklyThen()).toEqual(weeklyBefore);

      // Closed recently, or never closed: untouched.
      expect((await t.http.get(`${API}/cases/${recent.id}`).set(bearer(sender))).status).toBe(200);
      expect((await t.http.get(`${API}/cases/${open.id}`).set(bearer(sender))).status).toBe(200);
      // Nothing left to delete.
      expect(await worker.context.get(RetentionService).run()).toBe(0);
    });

    it.each([
      ['notifications', DELETE_CASE_NOTIFICATIONS_SQL, ['notifications_case_idx', 'notifications_handoff_idx']],
      ['reminders', DELETE_CASE_REMINDERS_SQL, ['reminders_case_kind_unique', 'reminders_handoff_kind_unique']],
    ])("finds an expired case's %s through indexes, without reading the whole table", async (table, sql, indexes) => {
      const plan = await t.dataSource.transaction(async (manager) => {
        // This database is small enough for a whole-table read to be cheapest; at millions of rows it
        // takes seconds per batch. Forbidden here, the plan shows whether the statement can be
        // answered from indexes at all.
        await manager.query('SET LOCAL enable_seqscan = off');
        return explain(manager, sql, [[randomUUID()]]);
      });
      const scans = planNodes(plan).filter(
        (node) => node['Node Type'] !== 'ModifyTable' && (node['Relation Name'] === table || indexes.includes(node['Index Name'] ?? '')),
      );
      expect(scans.map((node) => node['Node Type'])).not.toContain('Seq Scan');
      expect(scans.filter((node) => node['Index Cond']).map((node) => node['Index Name'])).toEqual(expect.arrayContaining(indexes));
      // No index read from end to end instead: every index the statement touches is searched by id.
      expect(scans.filter((node) => node['Index Name'] && !node['Index Cond'])).toEqual([]);
    });
  });
});
