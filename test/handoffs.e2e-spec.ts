import type { Response } from 'supertest';
import { Clock, responseDueAt } from '@app/core';
import { HANDOFF_STATUSES, HandoffRemindersService, HandoffsService, TRANSITIONS, type HandoffStatus } from '@app/handoffs';
import { NotificationsService, type Reminder } from '@app/reminders';
import { CONSENT, CONSENT_AS_STORED, createCase, createHandoff, createNetwork, type TestNetwork } from './support/network';
import { explain, planNodes } from './support/query-plan';
import { ISO_TIMESTAMP, TestApp, bearer, type TestUser } from './support/test-app';

/**
 * The closed referral loop over HTTP: hand-offs from a case of one organisation to another, every
 * transition of the state machine by every role from both sides, what each side sees, the timeline,
 * notifications, reminders and audit rows written with each transition, and races between people
 * acting on the same hand-off at once.
 */

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASE_CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const MESSAGE = 'Bitte um Unterstützung bei der Wohnungssuche; Termin am Vormittag bevorzugt.';

type Action = 'accept' | 'decline' | 'withdraw' | 'complete';
const ACTIONS: Action[] = ['accept', 'decline', 'withdraw', 'complete'];
const DEFAULT_BODY: Record<Action, Record<string, unknown>> = {
  accept: {},
  decline: { reason: 'no_capacity' },
  withdraw: {},
  complete: { outcome: 'service_provided' },
};

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

interface TimelineEvent {
  id: string;
  kind: string;
  actorId: string | null;
  actorOrganisationId: string | null;
  handoffId: string | null;
  text: string | null;
  data: Record<string, unknown>;
}

interface InboxItem {
  id: string;
  kind: string;
  handoffId: string | null;
  caseId: string | null;
  caseCode: string | null;
  data: Record<string, unknown>;
}

/** Asserts an RFC 9457 problem with this status (and type, and field); returns the body. */
function expectProblem(res: Response, status: number, type?: string, field?: string): Problem {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: expect.anything() });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
  );
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+|QueryFailedError|SELECT |INSERT |UPDATE "|violates/);
  if (type) expect(res.body.type).toBe(type);
  if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
  return res.body as Problem;
}

describe('hand-offs', () => {
  let t: TestApp;
  let n: TestNetwork;
  /** Sending organisation C. */
  let orgC: string;
  let senderCounsellor: TestUser;
  let senderLead: TestUser;
  let senderAdmin: TestUser;
  /** Target organisation A (SLA 3 working days). */
  let orgA: string;
  let targetCounsellor: TestUser;
  let targetLead: TestUser;
  let targetAdmin: TestUser;
  /** Third organisation B: never involved. */
  let thirdCounsellor: TestUser;
  let coordinator: TestUser;
  /** Target team T (SLA 5 working days): 4 counsellors, a lead, an org admin, a deactivated counsellor. */
  let orgT: string;
  let teamCounsellors: TestUser[];
  let teamLead: TestUser;
  let teamAdmin: TestUser;
  let teamInactive: TestUser;

  beforeAll(async () => {
    t = await TestApp.start({ AUTH_RATE_LIMIT_PER_MINUTE: '10000' });
    n = await createNetwork(t);
    orgA = n.orgA;
    orgC = n.orgC;
    senderCounsellor = n.counsellorC;
    targetCounsellor = n.users.counsellor;
    targetLead = n.users.lead;
    targetAdmin = n.users.orgAdmin;
    thirdCounsellor = n.users.otherCounsellor;
    coordinator = n.users.coordinator;
    orgT = await t.createOrganisation({ name: 'Team-Inbox Beratung e.V.', responseSlaWorkingDays: 5 });
    [senderLead, senderAdmin, teamLead, teamAdmin, teamInactive, ...teamCounsellors] = await Promise.all([
      t.createUser(orgC, ['lead']),
      t.createUser(orgC, ['org_admin']),
      t.createUser(orgT, ['lead']),
      t.createUser(orgT, ['org_admin']),
      t.createUser(orgT, ['counsellor'], { active: false }),
      t.createUser(orgT, ['counsellor']),
      t.createUser(orgT, ['counsellor']),
      t.createUser(orgT, ['counsellor']),
      t.createUser(orgT, ['counsellor']),
    ]);
  });

  afterAll(async () => {
    await t?.stop();
  });

  // ---- helpers ----

  const body = (targetOrganisationId: string, overrides: Record<string, unknown> = {}) => ({
    targetOrganisationId,
    kind: 'referral',
    domains: ['housing'],
    message: MESSAGE,
    consent: CONSENT,
    ...overrides,
  });
  const send = (user: TestUser, caseId: string, payload: Record<string, unknown>) =>
    t.http.post(`${API}/cases/${caseId}/handoffs`).set(bearer(user)).send(payload);
  const act = (user: TestUser, id: string, action: Action, payload: Record<string, unknown> = DEFAULT_BODY[action]) =>
    t.http.post(`${API}/handoffs/${id}/${action}`).set(bearer(user)).send(payload);
  const read = (user: TestUser, id: string) => t.http.get(`${API}/handoffs/${id}`).set(bearer(user));
  const getCase = (user: TestUser, idOrCode: string) => t.http.get(`${API}/cases/${idOrCode}`).set(bearer(user));
  const expire = (id: string) => t.app.get(HandoffsService).expire(id);

  /** A new pending referral of a new case of C's counsellor to A (or elsewhere). */
  const pending = (to = orgA, overrides: Record<string, unknown> = {}) => createHandoff(t, senderCounsellor, to, overrides);
  /** Consent to share the case for the referral and its follow-up: the target keeps reading it after completing. */
  const FOLLOW_UP_CONSENT = { ...CONSENT, scope: 'handoff_and_follow_up' };

  async function ok(res: Response, status = 200): Promise<Record<string, unknown>> {
    expect({ status: res.status, body: res.body }).toEqual({ status, body: expect.anything() });
    return res.body as Record<string, unknown>;
  }

  /** Who performs an action by default: the target's counsellor, or the sender for a withdrawal. */
  const actorFor = (action: Action) => (action === 'withdraw' ? senderCounsellor : targetCounsellor);

  /** A new hand-off to A brought into the given state through the API (expiry through the service). */
  async function handoffIn(state: HandoffStatus): Promise<{ id: string; caseId: string }> {
    const h = await pending();
    switch (state) {
      case 'pending':
        break;
      case 'accepted':
        await ok(await act(targetCounsellor, h.id, 'accept'));
        break;
      case 'declined':
        await ok(await act(targetCounsellor, h.id, 'decline'));
        break;
      case 'withdrawn':
        await ok(await act(senderCounsellor, h.id, 'withdraw'));
        break;
      case 'completed':
        await ok(await act(targetCounsellor, h.id, 'accept'));
        await ok(await act(targetCounsellor, h.id, 'complete'));
        break;
      case 'expired':
        expect((await expire(h.id))?.status).toBe('expired');
        break;
    }
    return h;
  }

  const statusOf = async (id: string): Promise<string> =>
    (await t.dataSource.query('SELECT status FROM handoffs WHERE id = $1', [id]))[0].status;

  async function timelineOf(user: TestUser, caseId: string): Promise<TimelineEvent[]> {
    const res = await t.http.get(`${API}/cases/${caseId}/timeline?limit=200`).set(bearer(user));
    expect(res.status).toBe(200);
    return res.body.items as TimelineEvent[];
  }

  const handoffEvents = (events: TimelineEvent[], handoffId: string) =>
    events
      .filter((e) => e.handoffId === handoffId)
      .map((e) => ({ kind: e.kind, actorOrganisationId: e.actorOrganisationId, data: e.data }));

  async function inbox(user: TestUser, handoffId: string): Promise<InboxItem[]> {
    const res = await t.http.get(`${API}/notifications?limit=200`).set(bearer(user));
    expect(res.status).toBe(200);
    return (res.body.items as InboxItem[]).filter((item) => item.handoffId === handoffId);
  }

  /** Recipients (sorted ids) of notifications of a kind about a hand-off, from the database. */
  async function recipients(handoffId: string, kind: string): Promise<string[]> {
    const rows: { recipient_id: string }[] = await t.dataSource.query(
      'SELECT recipient_id FROM notifications WHERE handoff_id = $1 AND kind = $2 ORDER BY recipient_id',
      [handoffId, kind],
    );
    return rows.map((row) => row.recipient_id);
  }
  const sortedIds = (...users: { id: string }[]) => users.map((u) => u.id).sort();

  async function remindersOf(handoffId: string): Promise<Record<string, { status: string; dueAt: Date; count: number }>> {
    const rows: { kind: string; status: string; due_at: Date }[] = await t.dataSource.query(
      'SELECT kind, status, due_at FROM reminders WHERE handoff_id = $1',
      [handoffId],
    );
    const result: Record<string, { status: string; dueAt: Date; count: number }> = {};
    for (const row of rows)
      result[row.kind] = { status: row.status, dueAt: new Date(row.due_at), count: (result[row.kind]?.count ?? 0) + 1 };
    return result;
  }

  async function auditOf(handoffId: string): Promise<{ action: string; organisationIds: string[]; actorId: string | null }[]> {
    const rows: { action: string; organisation_ids: string[]; actor_id: string | null }[] = await t.dataSource.query(
      `SELECT action, organisation_ids::text[] AS organisation_ids, actor_id FROM audit_log
        WHERE subject_type = 'handoff' AND subject_id = $1 AND action <> 'handoff.read' ORDER BY id`,
      [handoffId],
    );
    return rows.map((row) => ({ action: row.action, organisationIds: [...row.organisation_ids].sort(), actorId: row.actor_id }));
  }

  const countRows = async (sql: string, params: unknown[]): Promise<number> => Number((await t.dataSource.query(sql, params))[0].n);

  // ---- 1. creation ----

  describe('POST /cases/:id/handoffs', () => {
    it("creates a pending referral carrying the case's coarse data, the consent and the response due date from the target's SLA", async () => {
      const created = await createCase(t, senderCounsellor, {
        needs: ['housing', 'health'],
        languages: ['ar', 'fa'],
        interpreterNeeded: true,
        urgency: 'high',
        district: 'ost',
        ageBand: '27-44',
        gender: 'female',
        residenceStatus: 'asylum_seeker',
      });
      const before = new Date();
      const res = await send(senderCounsellor, created.id, body(orgT, { domains: ['housing', 'health'] }));
      const after = new Date();
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID),
          kind: 'referral',
          status: 'pending',
          direction: 'outgoing',
          caseCode: created.code,
          caseId: created.id,
          sendingOrganisationId: orgC,
          senderId: senderCounsellor.id,
          targetOrganisationId: orgT,
          targetServiceId: null,
          targetUserId: null,
          domains: ['housing', 'health'],
          message: MESSAGE,
          urgency: 'high',
          languages: ['ar', 'fa'],
          interpreterNeeded: true,
          attributes: { district: 'ost', ageBand: '27-44', gender: 'female', residenceStatus: 'asylum_seeker' },
          consent: CONSENT_AS_STORED,
          targetAssigneeId: null,
          respondedAt: null,
          declineReason: null,
          declinedBy: null,
          outcome: null,
          closedAt: null,
        }),
      );
      expect(res.body.caseCode).toMatch(CASE_CODE);
      const due = new Date(res.body.responseDueAt).getTime();
      expect([responseDueAt(before, 5).getTime(), responseDueAt(after, 5).getTime()]).toContain(due);

      const [row] = await t.dataSource.query('SELECT status, response_due_at, case_id FROM handoffs WHERE id = $1', [res.body.id]);
      expect(row).toEqual({ status: 'pending', response_due_at: new Date(due), case_id: created.id });
    });

    it("counts Saxony's working days: Buß- und Bettag (18 Nov 2026) and the weekend do not count", async () => {
      const clock = t.app.get(Clock);
      // Tuesday 17 November 2026, 10:00 in Leipzig.
      const fixed = new Date('2026-11-17T09:00:00Z');
      clock.now = () => new Date(fixed);
      try {
        const created = await createCase(t, senderCounsellor);
        const res = await send(senderCounsellor, created.id, body(orgA)); // SLA 3: Thu 19, Fri 20, Mon 23
        expect(res.status).toBe(201);
        expect(res.body.responseDueAt).toBe('2026-11-23T23:00:00.000Z');
        expect(new Date(res.body.responseDueAt)).toEqual(responseDueAt(fixed, 3));
        const reminders = await remindersOf(res.body.id);
        expect(reminders.handoff_response_due.dueAt.toISOString()).toBe('2026-11-23T23:00:00.000Z');
        expect(reminders.handoff_escalation.dueAt.toISOString()).toBe('2026-11-24T23:00:00.000Z');
        expect(reminders.handoff_expiry.dueAt.toISOString()).toBe('2026-11-30T23:00:00.000Z');
      } finally {
        delete (clock as { now?: unknown }).now;
      }
    });

    it('uses the urgency given for the hand-off over the case urgency, and records a named service and counsellor', async () => {
      const created = await createCase(t, senderCounsellor, { urgency: 'normal' });
      const res = await send(
        senderCounsellor,
        created.id,
        body(orgA, { urgency: 'urgent', targetServiceId: n.serviceA, targetUserId: n.targetUserA, kind: 'transfer' }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({ kind: 'transfer', urgency: 'urgent', targetServiceId: n.serviceA, targetUserId: n.targetUserA }),
      );
    });

    it.each([
      ['consent is missing', { consent: undefined }, '/problems/consent-missing', 'consent'],
      ['consent is not given', { consent: { ...CONSENT, given: false } }, '/problems/consent-missing', 'consent'],
      [
        'the message contains a phone number',
        { message: 'Bitte rufen Sie die Klientin unter +49 176 23456789 an.' },
        '/problems/personal-identifier',
        'message',
      ],
      [
        'the message contains an e-mail address',
        { message: 'Sie ist erreichbar unter amira.k@example.org, bitte melden.' },
        '/problems/personal-identifier',
        'message',
      ],
    ])('refuses with 422 when %s, and creates nothing', async (_, overrides, type, field) => {
      const created = await createCase(t, senderCounsellor);
      const problem = expectProblem(await send(senderCounsellor, created.id, body(orgA, overrides)), 422, type, field);
      expect(JSON.stringify(problem)).not.toContain('amira.k@example.org');
      expect(JSON.stringify(problem)).not.toContain('23456789');
      expect(await countRows('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id])).toBe(0);
      expect(
        await countRows('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND kind = $2', [created.id, 'handoff_created']),
      ).toBe(0);
    });

    it('refuses a hand-off to the own organisation (422)', async () => {
      const created = await createCase(t, senderCounsellor);
      expectProblem(await send(senderCounsellor, created.id, body(orgC)), 422, '/problems/same-organisation', 'targetOrganisationId');
    });

    it.each([
      ['does not accept referrals', { acceptsReferrals: false }],
      ['is not active', { active: false }],
    ])('refuses a target that %s (422 target-not-accepting)', async (_, overrides) => {
      const target = await t.createOrganisation(overrides);
      const created = await createCase(t, senderCounsellor);
      expectProblem(await send(senderCounsellor, created.id, body(target)), 422, '/problems/target-not-accepting', 'targetOrganisationId');
      expect(await countRows('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id])).toBe(0);
    });

    it('refuses a target with no active counsellor or lead (422 target-unstaffed): nobody would be told, nor could answer', async () => {
      const target = await t.createOrganisation();
      await Promise.all([t.createUser(target, ['org_admin']), t.createUser(target, ['counsellor'], { active: false })]);
      const created = await createCase(t, senderCounsellor);
      expectProblem(await send(senderCounsellor, created.id, body(target)), 422, '/problems/target-unstaffed', 'targetOrganisationId');
      expect(await countRows('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id])).toBe(0);
      // Once someone there can answer, it goes through.
      await t.createUser(target, ['lead']);
      expect((await send(senderCounsellor, created.id, body(target))).status).toBe(201);
    });

    it('refuses an unknown target organisation (422), saying that no organisation has that id', async () => {
      const created = await createCase(t, senderCounsellor);
      const response = await send(senderCounsellor, created.id, body('6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'));
      expectProblem(response, 422, '/problems/target-not-accepting', 'targetOrganisationId');
      expect(response.body.detail).toBe('No organisation in the network has this id.');
    });

    it('refuses a service of another organisation, and a named user who is not a counsellor or lead of the target (422)', async () => {
      const created = await createCase(t, senderCounsellor);
      expectProblem(
        await send(senderCounsellor, created.id, body(orgT, { targetServiceId: n.serviceA })),
        422,
        '/problems/target-service-invalid',
        'targetServiceId',
      );
      for (const userId of [n.targetUserA, teamAdmin.id, teamInactive.id]) {
        expectProblem(
          await send(senderCounsellor, created.id, body(orgT, { targetUserId: userId })),
          422,
          '/problems/target-user-invalid',
          'targetUserId',
        );
      }
      expect(await countRows('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id])).toBe(0);
    });

    it.each([
      ['an unknown kind', { kind: 'forward' }, 'kind'],
      ['an unknown domain', { domains: ['flying_lessons'] }, 'domains'],
      ['no domains', { domains: [] }, 'domains'],
      ['an empty message', { message: '' }, 'message'],
      ['an unknown field', { clientName: 'Amira K.' }, 'clientName'],
      ['an invalid target id', { targetOrganisationId: 'not-a-uuid' }, 'targetOrganisationId'],
    ])('rejects %s with 400', async (_, overrides, field) => {
      const created = await createCase(t, senderCounsellor);
      expectProblem(await send(senderCounsellor, created.id, body(orgA, overrides)), 400, '/problems/validation-failed', field);
    });

    it.each([
      ['in the future', new Date(Date.now() + 86_400_000).toISOString(), 'must not be in the future'],
      ['without a time zone', '2026-11-27T10:00:00', 'time zone'],
      ['a date only', '2026-11-27', 'time zone'],
      ['an ISO week date', '2026-W48-5', 'time zone'],
      ['in basic format', '20261127T100000Z', 'time zone'],
      ['an impossible day', '2026-02-30T10:00:00Z', 'ISO 8601'],
    ])('refuses a consent time %s (400 naming consent.givenAt), creating nothing', async (_what, givenAt, message) => {
      const created = await createCase(t, senderCounsellor);
      const res = await send(senderCounsellor, created.id, body(orgA, { consent: { ...CONSENT, givenAt } }));
      expectProblem(res, 400, '/problems/validation-failed', 'consent.givenAt');
      expect(JSON.stringify(res.body.errors)).toContain(message);
      expect(Number((await t.dataSource.query('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id]))[0].n)).toBe(0);
    });

    it('rejects an incomplete consent record with 400', async () => {
      const created = await createCase(t, senderCounsellor);
      expectProblem(await send(senderCounsellor, created.id, body(orgA, { consent: { given: true, method: 'telepathy' } })), 400);
    });

    it('refuses a second pending hand-off of the same case to the same target (409), allows other targets, and allows it again once the first is answered', async () => {
      const created = await createCase(t, senderCounsellor);
      const first = await ok(await send(senderCounsellor, created.id, body(orgA)), 201);
      expectProblem(await send(senderLead, created.id, body(orgA)), 409, '/problems/duplicate-handoff');
      await ok(await send(senderCounsellor, created.id, body(orgT)), 201);
      await ok(await act(targetLead, first.id as string, 'decline', { reason: 'no_capacity' }));
      const again = await ok(await send(senderCounsellor, created.id, body(orgA)), 201);
      expect(again.id).not.toBe(first.id);
      expect(await countRows("SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1 AND status = 'pending'", [created.id])).toBe(2);
    });

    it('refuses a second pending transfer of the same case (409)', async () => {
      const created = await createCase(t, senderCounsellor);
      await ok(await send(senderCounsellor, created.id, body(orgA, { kind: 'transfer' })), 201);
      expectProblem(await send(senderCounsellor, created.id, body(orgT, { kind: 'transfer' })), 409, '/problems/transfer-pending');
    });

    it('keeps a pending transfer exclusive: no transfer beside pending hand-offs, no hand-off beside a pending transfer (409)', async () => {
      const referred = await createCase(t, senderCounsellor);
      await ok(await send(senderCounsellor, referred.id, body(orgA)), 201);
      expectProblem(await send(senderCounsellor, referred.id, body(orgT, { kind: 'transfer' })), 409, '/problems/handoffs-pending');
      const transferred = await createCase(t, senderCounsellor);
      await ok(await send(senderCounsellor, transferred.id, body(orgA, { kind: 'transfer' })), 201);
      expectProblem(await send(senderCounsellor, transferred.id, body(orgT)), 409, '/problems/transfer-pending');
    });

    it('refuses a hand-off of a closed case (409)', async () => {
      const created = await createCase(t, senderCounsellor);
      const closed = await t.http.post(`${API}/cases/${created.id}/close`).set(bearer(senderCounsellor)).send({ outcome: 'resolved' });
      expect([200, 201]).toContain(closed.status);
      expectProblem(await send(senderCounsellor, created.id, body(orgA)), 409, '/problems/case-closed');
    });

    it("answers 404 for a case of another organisation, for an unknown case, and for the target's attempt to hand off the sender's case", async () => {
      const created = await createCase(t, senderCounsellor);
      expectProblem(await send(thirdCounsellor, created.id, body(orgA)), 404, '/problems/not-found');
      expectProblem(await send(targetCounsellor, created.id, body(orgT)), 404, '/problems/not-found');
      expectProblem(await send(senderCounsellor, '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', body(orgA)), 404, '/problems/not-found');
      expect(await countRows('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id])).toBe(0);
    });

    it('forbids org admins and the coordinator (403)', async () => {
      const created = await createCase(t, senderCounsellor);
      expectProblem(await send(senderAdmin, created.id, body(orgA)), 403, '/problems/forbidden');
      expectProblem(await send(coordinator, created.id, body(orgA)), 403, '/problems/forbidden');
      expect(await countRows('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id])).toBe(0);
    });

    it('lets a lead hand off a case of the organisation, and returns the first result again for a repeated Idempotency-Key', async () => {
      const created = await createCase(t, senderCounsellor);
      const payload = body(orgA);
      const first = await t.http
        .post(`${API}/cases/${created.id}/handoffs`)
        .set(bearer(senderLead))
        .set('Idempotency-Key', 'handoff-retry-0001')
        .send(payload);
      const second = await t.http
        .post(`${API}/cases/${created.id}/handoffs`)
        .set(bearer(senderLead))
        .set('Idempotency-Key', 'handoff-retry-0001')
        .send(payload);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      expect(first.body.senderId).toBe(senderLead.id);
      expect(await countRows('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id])).toBe(1);
    });
  });

  // ---- 2. transitions ----

  describe('the state machine', () => {
    it('needs no request body for an action whose fields are all optional; a missing required one is named', async () => {
      const bare = (user: TestUser, id: string, action: Action) => t.http.post(`${API}/handoffs/${id}/${action}`).set(bearer(user));
      const [toAccept, toWithdraw, toDecline] = await Promise.all([pending(), pending(), pending()]);
      expect((await ok(await bare(targetCounsellor, toAccept.id, 'accept'))).status).toBe('accepted');
      expect((await ok(await bare(senderCounsellor, toWithdraw.id, 'withdraw'))).status).toBe('withdrawn');
      expectProblem(await bare(targetCounsellor, toDecline.id, 'decline'), 400, '/problems/validation-failed', 'reason');
      expectProblem(await bare(targetCounsellor, toAccept.id, 'complete'), 400, '/problems/validation-failed', 'outcome');
    });

    it('is the one of the product brief', () => {
      expect(TRANSITIONS).toEqual({
        accept: { from: ['pending'], to: 'accepted', side: 'target' },
        decline: { from: ['pending'], to: 'declined', side: 'target' },
        withdraw: { from: ['pending'], to: 'withdrawn', side: 'sender' },
        complete: { from: ['accepted'], to: 'completed', side: 'target' },
        expire: { from: ['pending'], to: 'expired', side: 'system' },
      });
    });

    const matrix = ACTIONS.flatMap((action) =>
      HANDOFF_STATUSES.map(
        (state) => [action, state, (TRANSITIONS[action].from as readonly string[]).includes(state) ? 200 : 409] as const,
      ),
    );

    it.each(matrix)('%s from %s → %i', async (action, state, expected) => {
      const h = await handoffIn(state);
      const res = await act(actorFor(action), h.id, action);
      if (expected === 200) {
        const view = await ok(res);
        expect(view.status).toBe(TRANSITIONS[action].to);
        expect(await statusOf(h.id)).toBe(TRANSITIONS[action].to);
      } else {
        const problem = expectProblem(res, 409, '/problems/handoff-state');
        // Says what it is and from what the action could be taken.
        expect(problem.detail).toMatch(
          new RegExp(`^The hand-off is ${state}; only an? ${TRANSITIONS[action].from.join('|')} hand-off can be `),
        );
        expect(await statusOf(h.id)).toBe(state);
      }
    });

    it('expires only pending hand-offs (the system transition); a second expiry or one of an accepted hand-off changes nothing', async () => {
      const h = await pending();
      const expired = await expire(h.id);
      expect(expired).toEqual(
        expect.objectContaining({
          id: h.id,
          status: 'expired',
          closedAt: expect.stringMatching(ISO_TIMESTAMP),
        }),
      );
      expect(await expire(h.id)).toBeNull();
      const accepted = await handoffIn('accepted');
      expect(await expire(accepted.id)).toBeNull();
      expect(await statusOf(accepted.id)).toBe('accepted');
    });

    it('accept and decline belong to the target side: the sending side is forbidden (403), a third organisation sees nothing (404), admins and the coordinator are forbidden (403)', async () => {
      const h = await pending();
      for (const action of ['accept', 'decline'] as const) {
        for (const user of [senderCounsellor, senderLead, senderAdmin, targetAdmin, coordinator]) {
          expectProblem(await act(user, h.id, action), 403, '/problems/forbidden');
        }
        expectProblem(await act(thirdCounsellor, h.id, action), 404, '/problems/not-found');
      }
      expect(await statusOf(h.id)).toBe('pending');
      expect(await auditOf(h.id)).toEqual([expect.objectContaining({ action: 'handoff.created' })]);
    });

    it('complete belongs to the target side as well', async () => {
      const h = await handoffIn('accepted');
      for (const user of [senderCounsellor, senderLead, senderAdmin, targetAdmin, coordinator]) {
        expectProblem(await act(user, h.id, 'complete'), 403, '/problems/forbidden');
      }
      expectProblem(await act(thirdCounsellor, h.id, 'complete'), 404, '/problems/not-found');
      expect(await statusOf(h.id)).toBe('accepted');
      // Anyone of the target team may record the outcome, not only the one who accepted.
      expect((await ok(await act(targetLead, h.id, 'complete', { outcome: 'referred_onwards' }))).outcome).toBe('referred_onwards');
    });

    it('withdraw belongs to the sending side: the target side is forbidden (403), a third organisation sees nothing (404)', async () => {
      const h = await pending();
      for (const user of [targetCounsellor, targetLead, targetAdmin, senderAdmin, coordinator]) {
        expectProblem(await act(user, h.id, 'withdraw'), 403, '/problems/forbidden');
      }
      expectProblem(await act(thirdCounsellor, h.id, 'withdraw'), 404, '/problems/not-found');
      expect(await statusOf(h.id)).toBe('pending');
      // Any counsellor or lead of the sending organisation may withdraw, not only the sender.
      const view = await ok(await act(senderLead, h.id, 'withdraw', { comment: 'Klientin hat inzwischen einen Platz gefunden.' }));
      expect(view).toEqual(
        expect.objectContaining({
          status: 'withdrawn',
          comment: 'Klientin hat inzwischen einen Platz gefunden.',
          closedAt: expect.any(String),
        }),
      );
    });

    it('lets any counsellor or lead of the target act on a hand-off addressed to a named colleague (team inbox)', async () => {
      const named = await pending(orgA, { targetUserId: n.targetUserA });
      const view = await ok(await act(targetLead, named.id, 'accept'));
      expect(view).toEqual(
        expect.objectContaining({
          status: 'accepted',
          targetAssigneeId: targetLead.id,
          respondedAt: expect.any(String),
          caseId: named.caseId,
        }),
      );
      const other = await pending(orgA, { targetUserId: n.targetUserA });
      expect((await ok(await act(targetCounsellor, other.id, 'decline'))).status).toBe('declined');
    });

    it('answers 404 for an unknown hand-off and 400 for an id that is not a UUID', async () => {
      expectProblem(await act(targetCounsellor, '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', 'accept'), 404, '/problems/not-found');
      expectProblem(await read(targetCounsellor, '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'), 404, '/problems/not-found');
      expectProblem(await act(targetCounsellor, 'not-a-uuid', 'accept'), 400);
    });

    describe('decline', () => {
      it.each([
        ['no reason', {}, 'reason'],
        ['an unknown reason', { reason: 'too_busy' }, 'reason'],
        ['an unknown declining party', { reason: 'no_capacity', declinedBy: 'nobody' }, 'declinedBy'],
        ['an unknown field', { reason: 'no_capacity', clientName: 'Amira' }, 'clientName'],
      ])('rejects %s with 400 and leaves the hand-off pending', async (_, payload, field) => {
        const h = await pending();
        expectProblem(await act(targetCounsellor, h.id, 'decline', payload), 400, '/problems/validation-failed', field);
        expect(await statusOf(h.id)).toBe('pending');
      });

      it('names one problem per field: a comment of the wrong type is just that, a domain given twice is said plainly', async () => {
        const h = await pending();
        const wrongType = expectProblem(await act(targetCounsellor, h.id, 'decline', { reason: 'no_capacity', comment: null }), 400);
        expect(wrongType.errors).toEqual([{ field: 'comment', message: 'must be a string' }]);
        const created = await createCase(t, senderCounsellor);
        const twice = expectProblem(await send(senderCounsellor, created.id, body(orgA, { domains: ['housing', 'housing'] })), 400);
        expect(twice.errors).toEqual([{ field: 'domains', message: 'must not list the same entry twice' }]);
      });

      it('refuses a comment with a personal identifier (422)', async () => {
        const h = await pending();
        expectProblem(
          await act(targetCounsellor, h.id, 'decline', { reason: 'other', comment: 'Bitte direkt an amira.k@example.org schreiben.' }),
          422,
          '/problems/personal-identifier',
          'comment',
        );
        expect(await statusOf(h.id)).toBe('pending');
      });

      it('records the reason code, the declining party (default provider) and the comment', async () => {
        const byProvider = await pending();
        const provider = await ok(await act(targetCounsellor, byProvider.id, 'decline', { reason: 'language_not_available' }));
        expect(provider).toEqual(
          expect.objectContaining({
            status: 'declined',
            declineReason: 'language_not_available',
            declinedBy: 'provider',
            respondedAt: expect.any(String),
            caseId: null,
          }),
        );
        const byClient = await pending();
        const client = await ok(
          await act(targetLead, byClient.id, 'decline', {
            reason: 'client_declined',
            declinedBy: 'client',
            comment: 'Termin wurde abgesagt.',
          }),
        );
        expect(client).toEqual(
          expect.objectContaining({ declineReason: 'client_declined', declinedBy: 'client', comment: 'Termin wurde abgesagt.' }),
        );
        const [row] = await t.dataSource.query('SELECT decline_reason, declined_by, responded_by_id FROM handoffs WHERE id = $1', [
          byClient.id,
        ]);
        expect(row).toEqual({ decline_reason: 'client_declined', declined_by: 'client', responded_by_id: targetLead.id });
      });
    });

    describe('complete', () => {
      it.each([
        ['no outcome', {}],
        ['an unknown outcome', { outcome: 'resolved' }],
      ])('rejects %s with 400', async (_, payload) => {
        const h = await handoffIn('accepted');
        expectProblem(await act(targetCounsellor, h.id, 'complete', payload), 400, '/problems/validation-failed', 'outcome');
        expect(await statusOf(h.id)).toBe('accepted');
      });

      it('records the outcome code and the closing time', async () => {
        const h = await handoffIn('accepted');
        const view = await ok(
          await act(targetCounsellor, h.id, 'complete', { outcome: 'client_did_not_attend', comment: 'Zwei Termine nicht wahrgenommen.' }),
        );
        expect(view).toEqual(
          expect.objectContaining({
            status: 'completed',
            outcome: 'client_did_not_attend',
            comment: 'Zwei Termine nicht wahrgenommen.',
            closedAt: expect.any(String),
          }),
        );
        expect((await ok(await read(senderCounsellor, h.id))).outcome).toBe('client_did_not_attend');
      });
    });

    describe('accept', () => {
      it('refuses an assignee who is not a counsellor or lead of the target (422) and leaves everything as it was', async () => {
        const h = await pending();
        for (const assigneeId of [senderCounsellor.id, targetAdmin.id]) {
          expectProblem(await act(targetLead, h.id, 'accept', { assigneeId }), 422, '/problems/assignee-invalid', 'assigneeId');
        }
        expect(await statusOf(h.id)).toBe('pending');
        expect(await countRows('SELECT count(*)::int AS n FROM case_shares WHERE case_id = $1', [h.caseId])).toBe(0);
        expect(
          await countRows("SELECT count(*)::int AS n FROM case_events WHERE handoff_id = $1 AND kind = 'handoff_accepted'", [h.id]),
        ).toBe(0);
        expect((await remindersOf(h.id)).handoff_response_due.status).toBe('scheduled');
        expect(await recipients(h.id, 'handoff_accepted')).toEqual([]);
      });

      it('lets only a lead accept for a colleague: a counsellor accepts for itself (403) and nothing changes', async () => {
        const h = await pending(orgT);
        const problem = expectProblem(await act(teamCounsellors[0], h.id, 'accept', { assigneeId: teamCounsellors[1].id }), 403);
        expect(problem.detail).toMatch(/a lead assigns them to colleagues/);
        expect(await statusOf(h.id)).toBe('pending');
        expect(await recipients(h.id, 'handoff_accepted')).toEqual([]);
        const view = await ok(await act(teamCounsellors[0], h.id, 'accept', { assigneeId: teamCounsellors[0].id }));
        expect(view.targetAssigneeId).toBe(teamCounsellors[0].id);
      });

      it('records a given assignee of the target', async () => {
        const h = await pending();
        const view = await ok(await act(targetLead, h.id, 'accept', { assigneeId: n.targetUserA }));
        expect(view.targetAssigneeId).toBe(n.targetUserA);
      });
    });
  });

  // ---- 3. visibility ----

  describe('what each side sees', () => {
    it('shows the target only what the pending hand-off shares: no case id, no case, no timeline', async () => {
      const created = await createCase(t, senderCounsellor, {
        gender: 'male',
        residenceStatus: 'toleration',
        languages: ['ps', 'de'],
        urgency: 'urgent',
      });
      const h = await ok(await send(senderCounsellor, created.id, body(orgA, { domains: ['residence_law'] })), 201);
      const id = h.id as string;

      const seen = await ok(await read(targetCounsellor, id));
      expect(seen).toEqual(
        expect.objectContaining({
          id,
          status: 'pending',
          direction: 'incoming',
          caseCode: created.code,
          caseId: null,
          domains: ['residence_law'],
          message: MESSAGE,
          urgency: 'urgent',
          languages: ['ps', 'de'],
          attributes: { district: 'ost', ageBand: '27-44', gender: 'male', residenceStatus: 'toleration' },
          sendingOrganisationId: orgC,
          targetOrganisationId: orgA,
        }),
      );
      expect(JSON.stringify(seen)).not.toContain(created.id);
      const inbox = await ok(await t.http.get(`${API}/handoffs?direction=incoming&limit=200`).set(bearer(targetLead)));
      const listed = (inbox.items as { id: string; caseId: string | null }[]).find((item) => item.id === id);
      expect(listed).toEqual(expect.objectContaining({ caseId: null, caseCode: created.code, direction: 'incoming' }));

      expectProblem(await getCase(targetCounsellor, created.id), 404, '/problems/not-found');
      expectProblem(await getCase(targetCounsellor, created.code), 404, '/problems/not-found');
      expectProblem(await t.http.get(`${API}/cases/${created.id}/timeline`).set(bearer(targetCounsellor)), 404);
      expectProblem(
        await t.http.post(`${API}/cases/${created.id}/notes`).set(bearer(targetCounsellor)).send({ text: 'Erstgespräch geplant.' }),
        404,
      );

      // The sender sees its outgoing hand-off with the case id.
      expect(await ok(await read(senderCounsellor, id))).toEqual(expect.objectContaining({ direction: 'outgoing', caseId: created.id }));
    });

    it('keeps the case hidden from the target after a decline, a withdrawal and an expiry, and its message too', async () => {
      for (const state of ['declined', 'withdrawn', 'expired'] as const) {
        const h = await handoffIn(state);
        for (const targetSide of [targetCounsellor, targetLead])
          expect(await ok(await read(targetSide, h.id))).toEqual(expect.objectContaining({ status: state, caseId: null, message: null }));
        expectProblem(await getCase(targetCounsellor, h.caseId), 404);
        // The sender keeps its own message.
        expect(await ok(await read(senderCounsellor, h.id))).toEqual(
          expect.objectContaining({ status: state, message: expect.stringContaining('Wohnungssuche') }),
        );
      }
    });

    it('shows the target the message while it decides and after it accepted', async () => {
      const h = await pending();
      const { message } = await ok(await read(senderCounsellor, h.id));
      expect(message).toContain('Wohnungssuche');
      expect((await ok(await read(targetCounsellor, h.id))).message).toBe(message);
      expect((await ok(await act(targetCounsellor, h.id, 'accept'))).message).toBe(message);
      expect((await ok(await act(targetCounsellor, h.id, 'complete'))).message).toBe(message);
    });

    it('shares a referred case with the target on acceptance: read, timeline and notes, but no changes; the sender still owns it', async () => {
      const h = await pending();
      const code = (await ok(await getCase(senderCounsellor, h.caseId))).code as string;
      const accepted = await ok(await act(targetCounsellor, h.id, 'accept'));
      expect(accepted).toEqual(expect.objectContaining({ status: 'accepted', caseId: h.caseId, targetAssigneeId: targetCounsellor.id }));

      const shared = await ok(await getCase(targetCounsellor, h.caseId));
      expect(shared).toEqual(expect.objectContaining({ id: h.caseId, access: 'shared', organisationId: orgC }));
      expect((await ok(await getCase(targetLead, code))).access).toBe('shared');
      await timelineOf(targetCounsellor, h.caseId);
      const note = await ok(
        await t.http.post(`${API}/cases/${h.caseId}/notes`).set(bearer(targetCounsellor)).send({ text: 'Erstgespräch am Dienstag.' }),
        201,
      );
      expect(note).toEqual(expect.objectContaining({ kind: 'note', actorOrganisationId: orgA }));

      // It may see the case, so a change is 403 (api.md), saying why, not 404.
      for (const refused of [
        await t.http.patch(`${API}/cases/${h.caseId}`).set(bearer(targetCounsellor)).send({ urgency: 'urgent' }),
        await t.http.patch(`${API}/cases/${h.caseId}`).set(bearer(targetLead)).send({ assigneeId: targetCounsellor.id }),
        await t.http.post(`${API}/cases/${h.caseId}/close`).set(bearer(targetLead)).send({ outcome: 'resolved' }),
        await send(targetCounsellor, h.caseId, body(orgT)),
      ])
        expect(expectProblem(refused, 403).detail).toMatch(/shared with your organisation .* only the organisation that owns it/);

      const owner = await ok(await getCase(senderCounsellor, h.caseId));
      expect(owner).toEqual(
        expect.objectContaining({ access: 'owner', organisationId: orgC, assigneeId: senderCounsellor.id, urgency: 'normal' }),
      );
      expect(
        await countRows('SELECT count(*)::int AS n FROM case_shares WHERE case_id = $1 AND organisation_id = $2 AND handoff_id = $3', [
          h.caseId,
          orgA,
          h.id,
        ]),
      ).toBe(1);

      // A third organisation never sees the hand-off or the case.
      expectProblem(await read(thirdCounsellor, h.id), 404);
      expectProblem(await getCase(thirdCounsellor, h.caseId), 404);
      expectProblem(await getCase(thirdCounsellor, code), 404);
      expectProblem(await t.http.get(`${API}/cases/${h.caseId}/timeline`).set(bearer(thirdCounsellor)), 404);
      for (const direction of ['incoming', 'outgoing']) {
        const page = await ok(await t.http.get(`${API}/handoffs?direction=${direction}&limit=200`).set(bearer(thirdCounsellor)));
        expect((page.items as { id: string }[]).map((item) => item.id)).not.toContain(h.id);
      }
    });

    it('ends the sharing when a referral the client consented to for this hand-off only is completed; consent to follow-up keeps it', async () => {
      const reads = async (caseId: string) => (await getCase(targetCounsellor, caseId)).status;
      const timelineReads = async (caseId: string) =>
        (await t.http.get(`${API}/cases/${caseId}/timeline`).set(bearer(targetCounsellor))).status;

      const once = await pending(); // scope this_handoff
      await ok(await act(targetCounsellor, once.id, 'accept'));
      expect(await reads(once.caseId)).toBe(200);
      const completed = await ok(await act(targetCounsellor, once.id, 'complete', { outcome: 'service_provided' }));
      expect(completed.status).toBe('completed');
      expect([await reads(once.caseId), await timelineReads(once.caseId)]).toEqual([404, 404]);
      // The target keeps its hand-off record; the sender still owns and reads the case, with the completion.
      expect((await ok(await read(targetCounsellor, once.id))).status).toBe('completed');
      expect(handoffEvents(await timelineOf(senderCounsellor, once.caseId), once.id).map((e) => e.kind)).toEqual([
        'handoff_created',
        'handoff_accepted',
        'handoff_completed',
      ]);

      const followUp = await pending(orgA, { consent: FOLLOW_UP_CONSENT });
      await ok(await act(targetCounsellor, followUp.id, 'accept'));
      await ok(await act(targetCounsellor, followUp.id, 'complete', { outcome: 'service_provided' }));
      expect([await reads(followUp.caseId), await timelineReads(followUp.caseId)]).toEqual([200, 200]);
    });

    it('keeps the sharing while another referral of the case to the same organisation still needs it', async () => {
      const first = await pending(); // scope this_handoff
      await ok(await act(targetCounsellor, first.id, 'accept'));
      const second = (await ok(await send(senderCounsellor, first.caseId, body(orgA, { domains: ['health'] })), 201)).id as string;
      await ok(await act(targetCounsellor, second, 'accept'));
      await ok(await act(targetCounsellor, first.id, 'complete', { outcome: 'service_provided' }));
      expect((await getCase(targetCounsellor, first.caseId)).status).toBe(200); // the second is still accepted
      await ok(await act(targetCounsellor, second, 'complete', { outcome: 'service_provided' }));
      expect((await getCase(targetCounsellor, first.caseId)).status).toBe(404);
    });

    it('hands a transferred case over on acceptance: the target owns it, the sender keeps only its hand-off record and later the outcome', async () => {
      const h = await pending(orgA, { kind: 'transfer' });
      const accepted = await ok(await act(targetLead, h.id, 'accept', { assigneeId: targetCounsellor.id }));
      expect(accepted).toEqual(
        expect.objectContaining({ kind: 'transfer', status: 'accepted', caseId: h.caseId, targetAssigneeId: targetCounsellor.id }),
      );

      const owned = await ok(await getCase(targetCounsellor, h.caseId));
      expect(owned).toEqual(expect.objectContaining({ access: 'owner', organisationId: orgA, assigneeId: targetCounsellor.id }));
      expect(
        (await ok(await t.http.patch(`${API}/cases/${h.caseId}`).set(bearer(targetCounsellor)).send({ urgency: 'high' }))).urgency,
      ).toBe('high');

      expectProblem(await getCase(senderCounsellor, h.caseId), 404);
      expectProblem(await t.http.get(`${API}/cases/${h.caseId}/timeline`).set(bearer(senderCounsellor)), 404);
      expectProblem(await t.http.patch(`${API}/cases/${h.caseId}`).set(bearer(senderCounsellor)).send({ urgency: 'normal' }), 404);
      expectProblem(await send(senderCounsellor, h.caseId, body(orgT)), 404);
      expect(await ok(await read(senderCounsellor, h.id))).toEqual(
        expect.objectContaining({ status: 'accepted', direction: 'outgoing', outcome: null }),
      );
      const outgoing = await ok(await t.http.get(`${API}/handoffs?direction=outgoing&status=accepted&limit=200`).set(bearer(senderLead)));
      expect((outgoing.items as { id: string }[]).map((item) => item.id)).toContain(h.id);

      await ok(await act(targetCounsellor, h.id, 'complete', { outcome: 'service_provided' }));
      expect(await ok(await read(senderCounsellor, h.id))).toEqual(
        expect.objectContaining({ status: 'completed', outcome: 'service_provided' }),
      );
      expectProblem(await getCase(senderCounsellor, h.caseId), 404);
      expectProblem(await getCase(thirdCounsellor, h.caseId), 404);
      expectProblem(await read(thirdCounsellor, h.id), 404);
      expect(await countRows('SELECT count(*)::int AS n FROM case_shares WHERE case_id = $1', [h.caseId])).toBe(0);
    });

    it('tells the targets of accepted referrals when the owner closes the case: its notes are refused, the referral stays open', async () => {
      const toT = await pending(orgT);
      await ok(await act(teamLead, toT.id, 'accept', { assigneeId: teamCounsellors[0].id }));
      // A referral already completed needs nobody told.
      const toA = (await ok(await send(senderCounsellor, toT.caseId, body(orgA, { consent: FOLLOW_UP_CONSENT })), 201)).id as string;
      await ok(await act(targetCounsellor, toA, 'accept'));
      await ok(await act(targetCounsellor, toA, 'complete', { outcome: 'service_provided' }));

      await ok(await t.http.post(`${API}/cases/${toT.caseId}/close`).set(bearer(senderCounsellor)).send({ outcome: 'resolved' }));

      expect(await recipients(toT.id, 'handoff_case_closed')).toEqual(sortedIds(teamCounsellors[0], teamLead));
      expect(await recipients(toA, 'handoff_case_closed')).toEqual([]);
      const [told] = (await inbox(teamCounsellors[0], toT.id)).filter((item) => item.kind === 'handoff_case_closed');
      expect(told).toEqual(expect.objectContaining({ handoffId: toT.id, caseCode: expect.any(String) }));
      expectProblem(
        await t.http.post(`${API}/cases/${toT.caseId}/notes`).set(bearer(teamCounsellors[0])).send({ text: 'Noch ein Termin.' }),
        409,
      );
      await ok(await act(teamCounsellors[0], toT.id, 'complete', { outcome: 'service_provided' }));
    });

    it("tells only the owner's referral targets of a closing: not a former owner's, after a transfer; and the target's team when nobody else is there", async () => {
      const toT = await pending(orgT);
      await ok(await act(teamLead, toT.id, 'accept', { assigneeId: teamCounsellors[0].id }));
      const transfer = (await ok(await send(senderCounsellor, toT.caseId, body(n.orgB, { kind: 'transfer' })), 201)).id as string;
      await ok(await act(thirdCounsellor, transfer, 'accept'));
      await ok(await t.http.post(`${API}/cases/${toT.caseId}/close`).set(bearer(thirdCounsellor)).send({ outcome: 'resolved' }));
      expect(await recipients(toT.id, 'handoff_case_closed')).toEqual([]);

      // A target without a lead whose counsellor on the referral has left: its other counsellors.
      const orgN = await t.createOrganisation({ name: 'Ohne Leitung beim Abschluss e.V.' });
      const [taker, colleague] = await Promise.all([t.createUser(orgN, ['counsellor']), t.createUser(orgN, ['counsellor'])]);
      const toN = await pending(orgN);
      await ok(await act(taker, toN.id, 'accept'));
      await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [taker.id]);
      await ok(await t.http.post(`${API}/cases/${toN.caseId}/close`).set(bearer(senderCounsellor)).send({ outcome: 'resolved' }));
      expect(await recipients(toN.id, 'handoff_case_closed')).toEqual(sortedIds(colleague));
    });

    it("ends the sharing with the former owner's referral targets when the case is transferred, and tells them; their referral stays open for its outcome", async () => {
      // C refers the case to T (accepted, worked on by one counsellor) and to A with consent to follow-up
      // (completed, so A still reads it); then C transfers it to B's organisation.
      const toT = await pending(orgT);
      await ok(await act(teamLead, toT.id, 'accept', { assigneeId: teamCounsellors[0].id }));
      await ok(
        await t.http.post(`${API}/cases/${toT.caseId}/notes`).set(bearer(teamCounsellors[0])).send({ text: 'Termin am Montag.' }),
        201,
      );
      const toA = (await ok(await send(senderCounsellor, toT.caseId, body(orgA, { consent: FOLLOW_UP_CONSENT })), 201)).id as string;
      await ok(await act(targetCounsellor, toA, 'accept'));
      await ok(await act(targetCounsellor, toA, 'complete', { outcome: 'service_provided' }));
      expect((await getCase(teamCounsellors[0], toT.caseId)).status).toBe(200);
      expect((await getCase(targetCounsellor, toT.caseId)).status).toBe(200);

      const orgB = n.orgB;
      const transfer = (await ok(await send(senderCounsellor, toT.caseId, body(orgB, { kind: 'transfer' })), 201)).id as string;
      await ok(await act(thirdCounsellor, transfer, 'accept'));
      await ok(await t.http.post(`${API}/cases/${toT.caseId}/notes`).set(bearer(thirdCounsellor)).send({ text: 'Übernommen.' }), 201);

      // Neither earlier target reads the case, its timeline or the new owner's notes any more.
      for (const user of [teamCounsellors[0], teamLead, targetCounsellor]) {
        expectProblem(await getCase(user, toT.caseId), 404);
        expectProblem(await t.http.get(`${API}/cases/${toT.caseId}/timeline`).set(bearer(user)), 404);
        expectProblem(await t.http.post(`${API}/cases/${toT.caseId}/notes`).set(bearer(user)).send({ text: 'Noch da?' }), 404);
      }
      expect(await countRows('SELECT count(*)::int AS n FROM case_shares WHERE case_id = $1', [toT.caseId])).toBe(0);
      expect((await ok(await getCase(thirdCounsellor, toT.caseId))).access).toBe('owner');

      // They are told, without naming the new owner: whoever works on the referral and the team's leads.
      expect(await recipients(toT.id, 'handoff_case_transferred')).toEqual(sortedIds(teamCounsellors[0], teamLead));
      expect(await recipients(toA, 'handoff_case_transferred')).toEqual(sortedIds(targetCounsellor, targetLead));
      const [told] = (await inbox(teamCounsellors[0], toT.id)).filter((item) => item.kind === 'handoff_case_transferred');
      expect(told).toEqual(expect.objectContaining({ handoffId: toT.id, caseCode: expect.any(String) }));
      expect(JSON.stringify(told)).not.toContain(orgB);
      expect(JSON.stringify(told)).not.toContain(MESSAGE);

      // T's referral is still theirs to finish, and the sender hears the outcome.
      expect((await ok(await read(teamCounsellors[0], toT.id))).status).toBe('accepted');
      await ok(await act(teamCounsellors[0], toT.id, 'complete', { outcome: 'service_provided' }));
      expect(await recipients(toT.id, 'handoff_completed')).toEqual(sortedIds(senderCounsellor));
    });

    it("does not let the former owner's referrals keep a target reading the case after a transfer, nor tell it of later transfers", async () => {
      // C refers the case to A with consent to follow-up; A completes and keeps reading. C transfers the case to B.
      const fromC = await pending(orgA, { consent: FOLLOW_UP_CONSENT });
      await ok(await act(targetCounsellor, fromC.id, 'accept'));
      await ok(await act(targetCounsellor, fromC.id, 'complete', { outcome: 'service_provided' }));
      const toB = (await ok(await send(senderCounsellor, fromC.caseId, body(n.orgB, { kind: 'transfer' })), 201)).id as string;
      await ok(await act(thirdCounsellor, toB, 'accept'));
      expect((await getCase(targetCounsellor, fromC.caseId)).status).toBe(404);

      // B, the new owner, refers it to A for this hand-off only: A reads it until it completes, then no more.
      const fromB = (await ok(await send(thirdCounsellor, fromC.caseId, body(orgA)), 201)).id as string;
      await ok(await act(targetCounsellor, fromB, 'accept'));
      expect((await getCase(targetCounsellor, fromC.caseId)).status).toBe(200);
      await ok(await act(targetCounsellor, fromB, 'complete', { outcome: 'service_provided' }));
      expectProblem(await getCase(targetCounsellor, fromC.caseId), 404);
      expectProblem(await t.http.get(`${API}/cases/${fromC.caseId}/timeline`).set(bearer(targetCounsellor)), 404);

      // B transfers it on to T: A, no longer shared, hears nothing of it.
      const told = () => recipients(fromC.id, 'handoff_case_transferred');
      expect(await told()).toEqual(sortedIds(targetCounsellor, targetLead));
      const toT = (await ok(await send(thirdCounsellor, fromC.caseId, body(orgT, { kind: 'transfer' })), 201)).id as string;
      await ok(await act(teamLead, toT, 'accept'));
      expect(await told()).toEqual(sortedIds(targetCounsellor, targetLead));
      expect(await recipients(fromB, 'handoff_case_transferred')).toEqual([]);
    });

    it('assigns a transferred case to the accepting user when no assignee is given', async () => {
      const h = await pending(orgA, { kind: 'transfer' });
      await ok(await act(targetLead, h.id, 'accept'));
      expect(await ok(await getCase(targetLead, h.caseId))).toEqual(
        expect.objectContaining({ access: 'owner', organisationId: orgA, assigneeId: targetLead.id }),
      );
    });
  });

  // ---- 4. timelines ----

  describe('the case timeline', () => {
    it('records creation, acceptance and completion of a referral, the same on both sides', async () => {
      const h = await pending(orgA, { consent: FOLLOW_UP_CONSENT });
      await ok(await act(targetCounsellor, h.id, 'accept'));
      await ok(await act(targetCounsellor, h.id, 'complete', { outcome: 'service_provided' }));
      const expected = [
        { kind: 'handoff_created', actorOrganisationId: orgC, data: { kind: 'referral', targetOrganisationId: orgA } },
        { kind: 'handoff_accepted', actorOrganisationId: orgA, data: { kind: 'referral' } },
        { kind: 'handoff_completed', actorOrganisationId: orgA, data: { outcome: 'service_provided' } },
      ];
      expect(handoffEvents(await timelineOf(senderCounsellor, h.caseId), h.id)).toEqual(expected);
      expect(handoffEvents(await timelineOf(targetCounsellor, h.caseId), h.id)).toEqual(expected);
    });

    it("shows a referral's target only its own hand-off of the case: not the sender's other hand-offs nor their answers", async () => {
      const note = async (user: TestUser, caseId: string, text: string) =>
        ok(await t.http.post(`${API}/cases/${caseId}/notes`).set(bearer(user)).send({ text }), 201);
      // C refers the case to A, A accepts; C then refers it to T, T declines, C asks T again.
      const h = await pending(orgA, { consent: FOLLOW_UP_CONSENT });
      await ok(await act(targetCounsellor, h.id, 'accept'));
      await note(senderCounsellor, h.caseId, 'Rückmeldung von der Beratungsstelle abwarten.');
      const declined = (await ok(await send(senderCounsellor, h.caseId, body(orgT, { domains: ['health'] })), 201)).id as string;
      await note(targetCounsellor, h.caseId, 'Erstgespräch am Dienstag.');
      expectProblem(await getCase(teamLead, h.caseId), 404);
      await ok(await act(teamLead, declined, 'decline', { reason: 'no_capacity', comment: 'Warteliste voll.' }));
      const again = (await ok(await send(senderCounsellor, h.caseId, body(orgT)), 201)).id as string;
      await note(senderCounsellor, h.caseId, 'Zweite Anfrage gestellt.');
      await ok(await act(targetCounsellor, h.id, 'complete', { outcome: 'service_provided' }));

      // The owner sees every hand-off of its case.
      const owner = await timelineOf(senderCounsellor, h.caseId);
      expect(handoffEvents(owner, h.id).map((e) => e.kind)).toEqual(['handoff_created', 'handoff_accepted', 'handoff_completed']);
      expect(handoffEvents(owner, declined)).toEqual([
        expect.objectContaining({ kind: 'handoff_created', data: { kind: 'referral', targetOrganisationId: orgT } }),
        { kind: 'handoff_declined', actorOrganisationId: orgT, data: { reason: 'no_capacity', declinedBy: 'provider' } },
      ]);
      expect(handoffEvents(owner, again).map((e) => e.kind)).toEqual(['handoff_created']);

      // A sees the same timeline without the hand-offs to T: nothing in it says where else the client was sent.
      const shared = await timelineOf(targetCounsellor, h.caseId);
      expect(shared).toEqual(owner.filter((e) => e.handoffId === null || e.handoffId === h.id));
      expect(shared.map((e) => e.kind)).toEqual([
        'created',
        'handoff_created',
        'handoff_accepted',
        'note',
        'note',
        'note',
        'handoff_completed',
      ]);
      for (const hidden of [orgT, declined, again, teamLead.id]) expect(JSON.stringify(shared)).not.toContain(hidden);
      const sharedCase = await ok(await getCase(targetCounsellor, h.caseId));
      expect(sharedCase.access).toBe('shared');
      expect(JSON.stringify(sharedCase)).not.toContain(orgT);
      expectProblem(await read(targetCounsellor, declined), 404);
      expectProblem(await read(targetCounsellor, again), 404);

      // Paged in small steps, A's timeline is the same: full pages, no gaps, no duplicates.
      for (const limit of [1, 2, 3]) {
        const pages: TimelineEvent[][] = [];
        let cursor: string | null = null;
        do {
          const res: Response = await t.http
            .get(`${API}/cases/${h.caseId}/timeline?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
            .set(bearer(targetCounsellor));
          expect(res.status).toBe(200);
          pages.push(res.body.items as TimelineEvent[]);
          cursor = res.body.nextCursor as string | null;
        } while (cursor && pages.length < 20);
        expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
        expect(pages.flat()).toEqual(shared);
      }

      // T, pending again after its decline, still has no access to the case.
      expectProblem(await getCase(teamLead, h.caseId), 404);
      expectProblem(await t.http.get(`${API}/cases/${h.caseId}/timeline`).set(bearer(teamCounsellors[0])), 404);
    });

    it("keeps each referral target's notes from the other targets of the same case; the owner reads them all", async () => {
      const note = async (user: TestUser, caseId: string, text: string) =>
        (await ok(await t.http.post(`${API}/cases/${caseId}/notes`).set(bearer(user)).send({ text }), 201)).id as string;
      // C refers the case to A and to T; both accept and both write a note, and so does C.
      const toA = await pending();
      const toT = (await ok(await send(senderCounsellor, toA.caseId, body(orgT, { domains: ['health'] })), 201)).id as string;
      await ok(await act(targetCounsellor, toA.id, 'accept'));
      await ok(await act(teamLead, toT, 'accept'));
      const byA = await note(targetCounsellor, toA.caseId, 'Termin vereinbart.');
      const byT = await note(teamLead, toA.caseId, 'Schutzplatz gefunden.');
      const byC = await note(senderCounsellor, toA.caseId, 'Beide Stellen informiert.');

      const notesOf = async (user: TestUser) =>
        (await timelineOf(user, toA.caseId)).filter((e) => e.kind === 'note').map((e) => String(e.id));
      expect(await notesOf(senderCounsellor)).toEqual([byA, byT, byC].map(String));
      expect(await notesOf(targetCounsellor)).toEqual([byA, byC].map(String));
      expect(await notesOf(teamLead)).toEqual([byT, byC].map(String));
      expect(JSON.stringify(await timelineOf(targetCounsellor, toA.caseId))).not.toContain(orgT);
      expect(JSON.stringify(await timelineOf(teamLead, toA.caseId))).not.toContain(orgA);
    });

    it("keeps a referral target's notes from the other targets also after its own sharing ended", async () => {
      // C refers the case to A for this hand-off only and to T; A writes a note and completes, which ends A's sharing.
      const toA = await pending();
      const toT = (await ok(await send(senderCounsellor, toA.caseId, body(orgT, { domains: ['health'] })), 201)).id as string;
      await ok(await act(targetCounsellor, toA.id, 'accept'));
      await ok(await act(teamLead, toT, 'accept'));
      await ok(
        await t.http.post(`${API}/cases/${toA.caseId}/notes`).set(bearer(targetCounsellor)).send({ text: 'Beratung erfolgt.' }),
        201,
      );
      await ok(await act(targetCounsellor, toA.id, 'complete', { outcome: 'service_provided' }));
      expect((await getCase(targetCounsellor, toA.caseId)).status).toBe(404);

      const seenByT = await timelineOf(teamLead, toA.caseId);
      expect(seenByT.filter((e) => e.kind === 'note')).toEqual([]);
      expect(JSON.stringify(seenByT)).not.toContain(orgA);
      // The owner still reads A's note.
      expect(
        (await timelineOf(senderCounsellor, toA.caseId)).filter((e) => e.kind === 'note' && e.actorOrganisationId === orgA),
      ).toHaveLength(1);
    });

    it('records a transfer on the now owning side, with the transfer itself', async () => {
      const h = await pending(orgA, { kind: 'transfer' });
      await ok(await act(targetCounsellor, h.id, 'accept'));
      await ok(await act(targetCounsellor, h.id, 'complete', { outcome: 'client_withdrew' }));
      expect(handoffEvents(await timelineOf(targetCounsellor, h.caseId), h.id).map((e) => e.kind)).toEqual([
        'handoff_created',
        'transferred_in',
        'handoff_accepted',
        'handoff_completed',
      ]);
    });

    it.each([
      ['declined', 'handoff_declined', { reason: 'no_capacity', declinedBy: 'provider' }, 'target'],
      ['withdrawn', 'handoff_withdrawn', {}, 'sender'],
      ['expired', 'handoff_expired', {}, 'system'],
    ] as const)('records a hand-off that was %s on the sender side', async (state, kind, data, side) => {
      const h = await handoffIn(state);
      const events = handoffEvents(await timelineOf(senderCounsellor, h.caseId), h.id);
      const actorOrganisationId = { target: orgA, sender: orgC, system: null }[side];
      expect(events).toEqual([expect.objectContaining({ kind: 'handoff_created' }), { kind, actorOrganisationId, data }]);
    });

    it('keeps count of pending hand-offs: a case cannot be closed while one is pending, and can once it is answered', async () => {
      const h = await pending();
      expectProblem(
        await t.http.post(`${API}/cases/${h.caseId}/close`).set(bearer(senderCounsellor)).send({ outcome: 'resolved' }),
        422,
        '/problems/pending-handoffs',
      );
      await ok(await act(targetCounsellor, h.id, 'decline'));
      const closed = await t.http.post(`${API}/cases/${h.caseId}/close`).set(bearer(senderCounsellor)).send({ outcome: 'resolved' });
      expect([200, 201]).toContain(closed.status);
    });
  });

  // ---- 5. races ----

  describe('concurrency', () => {
    it('lets exactly one of 20 parallel accepts by five people of the target team win; the other 19 get 409', async () => {
      const h = await pending(orgT);
      const team = [...teamCounsellors, teamLead];
      const responses = (await Promise.all(team.map((user) => Promise.all([1, 2, 3, 4].map(() => act(user, h.id, 'accept')))))).flat();
      const statuses = responses.map((res) => res.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(19).fill(409)]);
      for (const res of responses.filter((r) => r.status === 409)) expectProblem(res, 409, '/problems/handoff-state');
      const winner = responses.find((res) => res.status === 200)!;

      const [row] = await t.dataSource.query('SELECT status, responded_by_id, target_assignee_id FROM handoffs WHERE id = $1', [h.id]);
      expect(row.status).toBe('accepted');
      expect(row.responded_by_id).toBe(winner.body.targetAssigneeId);
      expect(team.map((u) => u.id)).toContain(row.responded_by_id);
      expect(
        await countRows("SELECT count(*)::int AS n FROM case_events WHERE handoff_id = $1 AND kind = 'handoff_accepted'", [h.id]),
      ).toBe(1);
      expect(await countRows('SELECT count(*)::int AS n FROM case_shares WHERE case_id = $1', [h.caseId])).toBe(1);
      expect(
        await countRows("SELECT count(*)::int AS n FROM reminders WHERE handoff_id = $1 AND kind = 'handoff_outcome_due'", [h.id]),
      ).toBe(1);
      expect(await recipients(h.id, 'handoff_accepted')).toEqual([senderCounsellor.id]);
      expect((await auditOf(h.id)).map((a) => a.action)).toEqual(['handoff.created', 'handoff.accepted']);
      expect(await countRows('SELECT pending_handoffs AS n FROM cases WHERE id = $1', [h.caseId])).toBe(0);
    });

    it('lets exactly one of a parallel accept, decline and withdraw win', async () => {
      const handoffs = await Promise.all([1, 2, 3, 4].map(() => pending(orgT)));
      await Promise.all(
        handoffs.map(async (h) => {
          const [accept, decline, withdraw] = await Promise.all([
            act(teamCounsellors[0], h.id, 'accept'),
            act(teamLead, h.id, 'decline'),
            act(senderCounsellor, h.id, 'withdraw'),
          ]);
          const outcomes = { accepted: accept.status, declined: decline.status, withdrawn: withdraw.status };
          expect(Object.values(outcomes).sort()).toEqual([200, 409, 409]);
          const winner = Object.entries(outcomes).find(([, status]) => status === 200)![0];
          expect(await statusOf(h.id)).toBe(winner);
          const kinds: { kind: string }[] = await t.dataSource.query(
            "SELECT kind FROM case_events WHERE handoff_id = $1 AND kind <> 'handoff_created'",
            [h.id],
          );
          expect(kinds).toEqual([{ kind: `handoff_${winner}` }]);
          expect(await countRows('SELECT count(*)::int AS n FROM case_shares WHERE case_id = $1', [h.caseId])).toBe(
            winner === 'accepted' ? 1 : 0,
          );
          expect(await countRows('SELECT pending_handoffs AS n FROM cases WHERE id = $1', [h.caseId])).toBe(0);
        }),
      );
    });

    it('creates exactly one of five parallel identical hand-offs of a case; the others get 409', async () => {
      const created = await createCase(t, senderCounsellor);
      const responses = await Promise.all(
        [senderCounsellor, senderLead, senderCounsellor, senderLead, senderCounsellor].map((user) => send(user, created.id, body(orgT))),
      );
      expect(responses.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409]);
      for (const res of responses.filter((r) => r.status === 409)) expectProblem(res, 409, '/problems/duplicate-handoff');
      expect(await countRows('SELECT count(*)::int AS n FROM handoffs WHERE case_id = $1', [created.id])).toBe(1);
      expect(await countRows('SELECT pending_handoffs AS n FROM cases WHERE id = $1', [created.id])).toBe(1);
      expect(
        await countRows("SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND kind = 'handoff_created'", [created.id]),
      ).toBe(1);
    });

    it('lets exactly one of two parallel withdrawals and an expiry win', async () => {
      const h = await pending(orgT);
      const [first, second, expired] = await Promise.all([
        act(senderCounsellor, h.id, 'withdraw'),
        act(senderLead, h.id, 'withdraw'),
        expire(h.id),
      ]);
      const wins = [first.status === 200, second.status === 200, expired !== null].filter(Boolean);
      expect(wins).toHaveLength(1);
      expect(
        await countRows(
          "SELECT count(*)::int AS n FROM case_events WHERE handoff_id = $1 AND kind IN ('handoff_withdrawn', 'handoff_expired')",
          [h.id],
        ),
      ).toBe(1);
    });
  });

  // ---- 6. notifications and reminders ----

  describe('notifications', () => {
    it("tell the target's active counsellors and leads about a new hand-off, with the case code and no message text", async () => {
      const h = await pending(orgT);
      const code = (await ok(await getCase(senderCounsellor, h.caseId))).code as string;
      expect(await recipients(h.id, 'handoff_received')).toEqual(sortedIds(...teamCounsellors, teamLead));
      for (const user of [...teamCounsellors, teamLead]) {
        const items = await inbox(user, h.id);
        expect(items).toEqual([expect.objectContaining({ kind: 'handoff_received', handoffId: h.id, caseCode: code })]);
        expect(JSON.stringify(items)).not.toContain('Wohnungssuche');
        expect(items[0].data).toEqual(expect.objectContaining({ kind: 'referral', responseDueAt: expect.any(String) }));
      }
      expect(
        await countRows('SELECT count(*)::int AS n FROM notifications WHERE handoff_id = $1 AND recipient_id = ANY($2::uuid[])', [
          h.id,
          [teamAdmin.id, teamInactive.id, senderCounsellor.id],
        ]),
      ).toBe(0);
    });

    it('can be marked read by their recipient, one by one and all at once, and then leave the unread inbox', async () => {
      const first = await pending(orgT);
      const second = await pending(orgT, { kind: 'transfer' });
      const user = teamCounsellors[0];
      const [notification] = await inbox(user, first.id);
      const unread = async () =>
        ((await ok(await t.http.get(`${API}/notifications?unread=true&limit=200`).set(bearer(user)))).items as InboxItem[])
          .filter((item) => item.handoffId === first.id || item.handoffId === second.id)
          .map((item) => item.handoffId);
      expect((await unread()).sort()).toEqual([first.id, second.id].sort());

      const read = await ok(await t.http.post(`${API}/notifications/${notification.id}/read`).set(bearer(user)));
      expect(read).toEqual(expect.objectContaining({ id: notification.id, readAt: expect.stringMatching(ISO_TIMESTAMP) }));
      expect(await unread()).toEqual([second.id]);
      // Someone else's notification is not in your inbox.
      expectProblem(await t.http.post(`${API}/notifications/${notification.id}/read`).set(bearer(teamCounsellors[1])), 404);

      expect((await ok(await t.http.post(`${API}/notifications/read-all`).set(bearer(user)))).marked).toBeGreaterThanOrEqual(1);
      expect(await unread()).toEqual([]);
    });

    it.each([
      ['whole inbox', undefined, 'notifications_inbox_idx'],
      ['unread tab', 'true' as const, 'notifications_unread_idx'],
      ['read tab', 'false' as const, 'notifications_read_idx'],
    ])('read the %s newest first from its own index, never walking past the other tab', async (_tab, unread, index) => {
      const [sql, parameters] = t.app.get(NotificationsService).inboxQuery(teamCounsellors[0].id, { unread }, 50).getQueryAndParameters();
      const plan = await t.dataSource.transaction(async (manager) => {
        // Small tables make a whole-table read and a sort cheapest here; forbidden, the plan shows
        // whether an index answers the page in order at all.
        await manager.query('SET LOCAL enable_seqscan = off');
        await manager.query('SET LOCAL enable_sort = off');
        return explain(manager, sql, parameters);
      });
      const scans = planNodes(plan).filter((node) => node['Relation Name'] === 'notifications');
      expect(scans.map((node) => [node['Node Type'], node['Index Name'], node['Scan Direction']])).toEqual([
        ['Index Scan', index, 'Backward'],
      ]);
      expect(planNodes(plan).map((node) => node['Node Type'])).not.toContain('Sort');
    });

    it("tell only the named counsellor and the target's leads when a counsellor is named", async () => {
      const h = await pending(orgT, { targetUserId: teamCounsellors[1].id });
      expect(await recipients(h.id, 'handoff_received')).toEqual(sortedIds(teamCounsellors[1], teamLead));
      expect(await inbox(teamCounsellors[0], h.id)).toEqual([]);
      expect(await inbox(teamCounsellors[1], h.id)).toEqual([expect.objectContaining({ kind: 'handoff_received' })]);
    });

    it('tell a named lead once, also about the withdrawal', async () => {
      const h = await pending(orgT, { targetUserId: teamLead.id });
      expect(await recipients(h.id, 'handoff_received')).toEqual([teamLead.id]);
      await ok(await act(senderCounsellor, h.id, 'withdraw'));
      expect(await recipients(h.id, 'handoff_withdrawn')).toEqual([teamLead.id]);
    });

    it('tell those who heard of a hand-off naming a counsellor about its withdrawal, not the rest of the team', async () => {
      const h = await pending(orgT, { targetUserId: teamCounsellors[1].id });
      await ok(await act(senderCounsellor, h.id, 'withdraw'));
      expect(await recipients(h.id, 'handoff_withdrawn')).toEqual(sortedIds(teamCounsellors[1], teamLead));
      expect(await recipients(h.id, 'handoff_withdrawn')).toEqual(await recipients(h.id, 'handoff_received'));
      // A named counsellor who has left by then is not told.
      const leaver = await t.createUser(orgT, ['counsellor']);
      const named = await pending(orgT, { targetUserId: leaver.id });
      await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [leaver.id]);
      await ok(await act(senderCounsellor, named.id, 'withdraw'));
      expect(await recipients(named.id, 'handoff_withdrawn')).toEqual([teamLead.id]);
    });

    it("tell the case's assignee of now about the answer, when the case was reassigned after the hand-off was sent", async () => {
      const colleague = await t.createUser(orgC, ['counsellor']);
      const created = await createCase(t, senderLead, { assigneeId: senderCounsellor.id });
      const declined = await ok(await send(senderLead, created.id, body(orgT)), 201);
      const accepted = await ok(await send(senderLead, created.id, body(orgA)), 201);
      await ok(await t.http.patch(`${API}/cases/${created.id}`).set(bearer(senderLead)).send({ assigneeId: colleague.id }));
      await ok(await act(teamLead, declined.id as string, 'decline', { reason: 'no_capacity' }));
      await ok(await act(targetLead, accepted.id as string, 'accept'));
      // The sender, the assignee when it was sent, and the assignee now.
      expect(await recipients(declined.id as string, 'handoff_declined')).toEqual(sortedIds(senderLead, senderCounsellor, colleague));
      expect(await recipients(accepted.id as string, 'handoff_accepted')).toEqual(sortedIds(senderLead, senderCounsellor, colleague));
      expect(await inbox(colleague, declined.id as string)).toEqual([expect.objectContaining({ kind: 'handoff_declined' })]);
    });

    it('tell whoever had a transferred case until the transfer was accepted, also when it was reassigned after sending', async () => {
      const colleague = await t.createUser(orgC, ['counsellor']);
      const created = await createCase(t, senderLead, { assigneeId: senderCounsellor.id });
      const transfer = await ok(await send(senderLead, created.id, body(orgT, { kind: 'transfer' })), 201);
      await ok(await t.http.patch(`${API}/cases/${created.id}`).set(bearer(senderLead)).send({ assigneeId: colleague.id }));
      await ok(await act(teamLead, transfer.id as string, 'accept', { assigneeId: teamCounsellors[0].id }));
      expect(await recipients(transfer.id as string, 'handoff_accepted')).toEqual(sortedIds(senderLead, senderCounsellor, colleague));
      // The case is the target's now: its new assignee is not told as the sending side.
      expect(await recipients(transfer.id as string, 'handoff_accepted')).not.toContain(teamCounsellors[0].id);
    });

    it("tell the sending organisation's leads when nobody who sent or works on the case is active any more", async () => {
      const leaver = await t.createUser(orgC, ['counsellor']);
      const declined = await createHandoff(t, leaver, orgT);
      const expired = await createHandoff(t, leaver, orgA);
      const accepted = await createHandoff(t, leaver, orgT, { kind: 'transfer' });
      await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [leaver.id]);
      await ok(await act(teamLead, declined.id, 'decline', { reason: 'no_capacity' }));
      expect((await expire(expired.id))?.status).toBe('expired');
      await ok(await act(teamLead, accepted.id, 'accept'));
      const leads: string[] = (
        await t.dataSource.query(`SELECT id FROM users WHERE organisation_id = $1 AND active AND 'lead' = ANY(roles) ORDER BY id`, [orgC])
      ).map((row: { id: string }) => row.id);
      expect(leads).toContain(senderLead.id);
      expect(await recipients(declined.id, 'handoff_declined')).toEqual(leads);
      expect(await recipients(expired.id, 'handoff_expired')).toEqual(leads);
      // The transferred case's new assignee is of the target: not told as the sending side.
      expect(await recipients(accepted.id, 'handoff_accepted')).toEqual(leads);
    });

    it("tell the sending organisation's leads when the sender is left with only the admin role (it can no longer read the hand-off)", async () => {
      const mover = await t.createUser(orgC, ['counsellor']);
      const h = await createHandoff(t, mover, orgT);
      await t.dataSource.query(`UPDATE users SET roles = '{org_admin}' WHERE id = $1`, [mover.id]);
      await ok(await act(teamLead, h.id, 'decline', { reason: 'no_capacity' }));
      const leads: string[] = (
        await t.dataSource.query(`SELECT id FROM users WHERE organisation_id = $1 AND active AND 'lead' = ANY(roles) ORDER BY id`, [orgC])
      ).map((row: { id: string }) => row.id);
      expect(leads.length).toBeGreaterThan(0);
      expect(await recipients(h.id, 'handoff_declined')).toEqual(leads);
    });

    it("ask the target team's leads for the outcome when the counsellor a referral was accepted for has left or only administers", async () => {
      const h = await pending(orgT);
      await ok(await act(teamLead, h.id, 'accept', { assigneeId: teamCounsellors[3].id }));
      const reminders = t.app.get(HandoffRemindersService);
      const due = [{ handoffId: h.id } as Reminder];
      await t.dataSource.transaction((manager) => reminders.outcomeDue(manager, due));
      expect(await recipients(h.id, 'handoff_outcome_due')).toEqual([teamCounsellors[3].id]);
      await t.dataSource.query('DELETE FROM notifications WHERE handoff_id = $1', [h.id]);
      await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [teamCounsellors[3].id]);
      try {
        await t.dataSource.transaction((manager) => reminders.outcomeDue(manager, due));
        expect(await recipients(h.id, 'handoff_outcome_due')).toEqual([teamLead.id]);
        await t.dataSource.query('DELETE FROM notifications WHERE handoff_id = $1', [h.id]);
        await t.dataSource.query(`UPDATE users SET active = true, roles = '{org_admin}' WHERE id = $1`, [teamCounsellors[3].id]);
        await t.dataSource.transaction((manager) => reminders.outcomeDue(manager, due));
        expect(await recipients(h.id, 'handoff_outcome_due')).toEqual([teamLead.id]);
      } finally {
        await t.dataSource.query(`UPDATE users SET active = true, roles = '{counsellor}' WHERE id = $1`, [teamCounsellors[3].id]);
      }
    });

    it('remind a named counsellor of the due answer only while it is active', async () => {
      const named = await t.createUser(orgT, ['counsellor']);
      const h = await pending(orgT, { targetUserId: named.id });
      await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [named.id]);
      await t.dataSource.transaction((manager) =>
        t.app.get(HandoffRemindersService).responseDue(manager, [{ handoffId: h.id } as Reminder]),
      );
      const told = await recipients(h.id, 'handoff_response_due');
      expect(told).toEqual(sortedIds(...teamCounsellors, teamLead));
      expect(told).not.toContain(named.id);
    });

    it('tell the colleague a lead accepted a hand-off for, and not a counsellor who accepted it for itself', async () => {
      const referral = await pending(orgT);
      const transfer = await pending(orgT, { kind: 'transfer' });
      await ok(await act(teamLead, referral.id, 'accept', { assigneeId: teamCounsellors[0].id }));
      await ok(await act(teamLead, transfer.id, 'accept', { assigneeId: teamCounsellors[1].id }));
      const assigned = async (user: TestUser, caseId: string) =>
        (await t.dataSource.query(`SELECT data FROM notifications WHERE recipient_id = $1 AND kind = 'case_assigned' AND case_id = $2`, [
          user.id,
          caseId,
        ])) as { data: Record<string, unknown> }[];
      expect(await assigned(teamCounsellors[0], referral.caseId)).toEqual([{ data: { handoffId: referral.id, kind: 'referral' } }]);
      expect(await assigned(teamCounsellors[1], transfer.caseId)).toEqual([{ data: { handoffId: transfer.id, kind: 'transfer' } }]);
      // The assignee can open the case the notice points to.
      await ok(await getCase(teamCounsellors[0], referral.caseId));
      await ok(await getCase(teamCounsellors[1], transfer.caseId));

      const own = await pending(orgT);
      await ok(await act(teamCounsellors[2], own.id, 'accept', { assigneeId: teamCounsellors[2].id }));
      expect(await assigned(teamCounsellors[2], own.caseId)).toEqual([]);
    });

    it('tell the sender about an acceptance, a decline with its reason code, and a completion with its outcome', async () => {
      const accepted = await pending(orgT);
      await ok(await act(teamCounsellors[2], accepted.id, 'accept'));
      expect(await inbox(senderCounsellor, accepted.id)).toEqual([
        expect.objectContaining({ kind: 'handoff_accepted', caseCode: expect.stringMatching(CASE_CODE) }),
      ]);
      await ok(
        await act(teamCounsellors[2], accepted.id, 'complete', { outcome: 'service_provided', comment: 'Wohnung in Grünau gefunden.' }),
      );
      const completed = (await inbox(senderCounsellor, accepted.id)).find((item) => item.kind === 'handoff_completed');
      expect(completed?.data).toEqual(expect.objectContaining({ outcome: 'service_provided' }));
      expect(await recipients(accepted.id, 'handoff_completed')).toEqual([senderCounsellor.id]);

      const declined = await pending(orgT);
      await ok(await act(teamLead, declined.id, 'decline', { reason: 'wrong_domain', comment: 'Bitte an die Rechtsberatung.' }));
      const items = await inbox(senderCounsellor, declined.id);
      expect(items).toEqual([
        expect.objectContaining({
          kind: 'handoff_declined',
          data: expect.objectContaining({ reason: 'wrong_domain', declinedBy: 'provider' }),
        }),
      ]);
      expect(await recipients(declined.id, 'handoff_declined')).toEqual([senderCounsellor.id]);

      const all: unknown[] = await t.dataSource.query('SELECT data, case_code FROM notifications WHERE handoff_id = ANY($1::uuid[])', [
        [accepted.id, declined.id],
      ]);
      const text = JSON.stringify(all);
      for (const freeText of ['Wohnungssuche', 'Grünau', 'Rechtsberatung']) expect(text).not.toContain(freeText);
    });

    it('tell the sender about an expiry', async () => {
      const h = await handoffIn('expired');
      expect(await inbox(senderCounsellor, h.id)).toEqual([expect.objectContaining({ kind: 'handoff_expired' })]);
    });

    it('tell the target team about an expiry too, as it told them of the pending hand-off', async () => {
      const h = await pending(orgT);
      expect((await expire(h.id))?.status).toBe('expired');
      expect(await recipients(h.id, 'handoff_received_expired')).toEqual(sortedIds(...teamCounsellors, teamLead));
      expect(await inbox(teamCounsellors[3], h.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'handoff_received_expired', data: { kind: 'referral' } })]),
      );
      // The sending side gets its own notice, not the target's.
      expect(await recipients(h.id, 'handoff_expired')).toEqual([senderCounsellor.id]);

      const named = await pending(orgT, { targetUserId: teamCounsellors[1].id });
      expect((await expire(named.id))?.status).toBe('expired');
      expect(await recipients(named.id, 'handoff_received_expired')).toEqual(await recipients(named.id, 'handoff_received'));
      expect(await recipients(named.id, 'handoff_received_expired')).toEqual(sortedIds(teamCounsellors[1], teamLead));
    });

    it("escalate to the target's counsellors when it has no active lead, and to its leads only when it has", async () => {
      const orgN = await t.createOrganisation({ name: 'Ohne Leitung e.V.' });
      const [counsellorOne, counsellorTwo, onlyLead] = await Promise.all([
        t.createUser(orgN, ['counsellor']),
        t.createUser(orgN, ['counsellor']),
        t.createUser(orgN, ['lead']),
        t.createUser(orgN, ['lead'], { active: false }),
        t.createUser(orgN, ['org_admin']),
      ]);
      const h = await pending(orgN);
      const escalate = () =>
        t.dataSource.transaction((manager) => t.app.get(HandoffRemindersService).escalation(manager, [{ handoffId: h.id } as Reminder]));
      await escalate();
      expect(await recipients(h.id, 'handoff_escalated')).toEqual(sortedIds(onlyLead, senderCounsellor));
      await t.dataSource.query('DELETE FROM notifications WHERE handoff_id = $1 AND kind = $2', [h.id, 'handoff_escalated']);
      await t.dataSource.query('UPDATE users SET active = false WHERE id = $1', [onlyLead.id]);
      await escalate();
      expect(await recipients(h.id, 'handoff_escalated')).toEqual(sortedIds(counsellorOne, counsellorTwo, senderCounsellor));
    });

    it('tell the target team about a withdrawal', async () => {
      const h = await pending(orgT);
      await ok(await act(senderCounsellor, h.id, 'withdraw', { comment: 'Hat sich erledigt.' }));
      expect(await recipients(h.id, 'handoff_withdrawn')).toEqual(sortedIds(...teamCounsellors, teamLead));
      expect(await inbox(teamCounsellors[3], h.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'handoff_withdrawn' })]),
      );
    });

    it.each(['referral', 'transfer'])(
      "tell the case's assignee at the sending organisation as well as the sender about the answer and the outcome of a %s",
      async (kind) => {
        const created = await createCase(t, senderLead, { assigneeId: senderCounsellor.id });
        const h = await ok(await send(senderLead, created.id, body(orgT, { kind })), 201);
        const id = h.id as string;
        await ok(await act(teamLead, id, 'accept'));
        expect(await recipients(id, 'handoff_accepted')).toEqual(sortedIds(senderLead, senderCounsellor));
        await ok(await act(teamLead, id, 'complete', { outcome: 'service_provided' }));
        expect(await recipients(id, 'handoff_completed')).toEqual(sortedIds(senderLead, senderCounsellor));
      },
    );
  });

  describe('reminders', () => {
    it('are scheduled on creation: response due at the due date, then escalation, then expiry', async () => {
      const h = await pending(orgT);
      const [{ response_due_at: due }] = await t.dataSource.query('SELECT response_due_at FROM handoffs WHERE id = $1', [h.id]);
      const reminders = await remindersOf(h.id);
      expect(Object.keys(reminders).sort()).toEqual(['handoff_escalation', 'handoff_expiry', 'handoff_response_due']);
      expect(Object.values(reminders).map((r) => [r.status, r.count])).toEqual([
        ['scheduled', 1],
        ['scheduled', 1],
        ['scheduled', 1],
      ]);
      expect(reminders.handoff_response_due.dueAt).toEqual(new Date(due));
      expect(reminders.handoff_escalation.dueAt.getTime()).toBeGreaterThan(reminders.handoff_response_due.dueAt.getTime());
      expect(reminders.handoff_expiry.dueAt.getTime()).toBeGreaterThan(reminders.handoff_escalation.dueAt.getTime());
    });

    it('are replaced on acceptance by the outcome follow-up, which the completion cancels', async () => {
      const h = await pending(orgT);
      const before = Date.now();
      await ok(await act(teamCounsellors[0], h.id, 'accept'));
      const accepted = await remindersOf(h.id);
      expect(accepted).toEqual({
        handoff_response_due: expect.objectContaining({ status: 'cancelled' }),
        handoff_escalation: expect.objectContaining({ status: 'cancelled' }),
        handoff_expiry: expect.objectContaining({ status: 'cancelled' }),
        handoff_outcome_due: expect.objectContaining({ status: 'scheduled', count: 1 }),
      });
      const followUp = accepted.handoff_outcome_due.dueAt.getTime();
      expect(followUp).toBeGreaterThanOrEqual(before + t.environment.HANDOFF_OUTCOME_FOLLOW_UP_DAYS * 86_400_000 - 1000);
      expect(followUp).toBeLessThanOrEqual(Date.now() + t.environment.HANDOFF_OUTCOME_FOLLOW_UP_DAYS * 86_400_000 + 1000);

      await ok(await act(teamCounsellors[0], h.id, 'complete'));
      expect((await remindersOf(h.id)).handoff_outcome_due.status).toBe('cancelled');
    });

    it.each(['declined', 'withdrawn', 'expired'] as const)(
      'are cancelled when the hand-off is %s, with no outcome follow-up',
      async (state) => {
        const h = await handoffIn(state);
        const reminders = await remindersOf(h.id);
        expect(reminders).toEqual({
          handoff_response_due: expect.objectContaining({ status: 'cancelled' }),
          handoff_escalation: expect.objectContaining({ status: 'cancelled' }),
          handoff_expiry: expect.objectContaining({ status: 'cancelled' }),
        });
      },
    );
  });

  // ---- 7. lists ----

  describe('GET /handoffs', () => {
    let orgL: string;
    let counsellorL: TestUser;
    let incoming: { id: string; caseId: string }[];
    let outgoing: { id: string; caseId: string }[];

    beforeAll(async () => {
      orgL = await t.createOrganisation({ name: 'Listen-Test Migrationsberatung' });
      counsellorL = await t.createUser(orgL, ['counsellor']);
      incoming = [];
      for (let i = 0; i < 5; i++) incoming.push(await pending(orgL));
      await ok(await act(counsellorL, incoming[1].id, 'decline'));
      await ok(await act(counsellorL, incoming[3].id, 'accept'));
      outgoing = [];
      for (let i = 0; i < 3; i++) outgoing.push(await createHandoff(t, counsellorL, orgA));
    });

    async function allPages(
      user: TestUser,
      query: string,
    ): Promise<{ id: string; status: string; direction: string; caseId: string | null }[]> {
      const items: { id: string; status: string; direction: string; caseId: string | null }[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res: Response = await t.http.get(`${API}/handoffs?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(user));
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
        if (!cursor) return items;
      }
      throw new Error('pagination did not end');
    }

    const newestFirst = (list: { id: string }[]) => [...list].reverse().map((h) => h.id);

    it('lists no free text, which is read one audited hand-off at a time', async () => {
      const accepted = incoming[3].id;
      const readsOf = (id: string) =>
        countRows(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'handoff.read' AND subject_id = $1`, [id]);
      const before = await readsOf(accepted);
      for (const direction of ['incoming', 'outgoing']) {
        const res = await t.http.get(`${API}/handoffs?direction=${direction}&limit=200`).set(bearer(counsellorL));
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeGreaterThan(0);
        for (const item of res.body.items) {
          expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['message']));
          expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['comment']));
        }
        expect(JSON.stringify(res.body)).not.toContain('Wohnungssuche');
      }
      expect(await readsOf(accepted)).toBe(before);
      const one = await ok(await read(counsellorL, accepted));
      expect(one.message).toContain('Wohnungssuche');
      expect(one).toHaveProperty('comment');
      expect(await readsOf(accepted)).toBe(before + 1);
    });

    it('pages through the team inbox newest first, two at a time, without duplicates', async () => {
      const items = await allPages(counsellorL, 'direction=incoming');
      expect(items.map((item) => item.id)).toEqual(newestFirst(incoming));
      expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      expect(items.every((item) => item.direction === 'incoming')).toBe(true);
      expect(items.find((item) => item.id === incoming[3].id)?.caseId).toBe(incoming[3].caseId);
      expect(items.filter((item) => item.id !== incoming[3].id).every((item) => item.caseId === null)).toBe(true);
    });

    it('filters by status', async () => {
      expect((await allPages(counsellorL, 'direction=incoming&status=pending')).map((item) => item.id)).toEqual(
        newestFirst([incoming[0], incoming[2], incoming[4]]),
      );
      expect((await allPages(counsellorL, 'direction=incoming&status=declined')).map((item) => item.id)).toEqual([incoming[1].id]);
      expect((await allPages(counsellorL, 'direction=incoming&status=accepted')).map((item) => item.id)).toEqual([incoming[3].id]);
      expect(await allPages(counsellorL, 'direction=incoming&status=completed')).toEqual([]);
    });

    it("lists the organisation's outgoing hand-offs separately, with their case ids", async () => {
      const items = await allPages(counsellorL, 'direction=outgoing');
      expect(items.map((item) => item.id)).toEqual(newestFirst(outgoing));
      expect(items.map((item) => item.caseId)).toEqual([...outgoing].reverse().map((h) => h.caseId));
      expect(items.every((item) => item.direction === 'outgoing')).toBe(true);
      const targetSide = await allPages(targetLead, 'direction=incoming&status=pending');
      expect(targetSide.map((item) => item.id)).toEqual(expect.arrayContaining(outgoing.map((h) => h.id)));
      const thirdSide = [
        ...(await allPages(thirdCounsellor, 'direction=incoming')),
        ...(await allPages(thirdCounsellor, 'direction=outgoing')),
      ];
      for (const h of [...incoming, ...outgoing]) expect(thirdSide.map((item) => item.id)).not.toContain(h.id);
    });

    it.each([
      ['no direction', '', 'direction'],
      ['an unknown direction', 'direction=sideways', 'direction'],
      ['an unknown status', 'direction=incoming&status=lost', 'status'],
      ['a limit of 0', 'direction=incoming&limit=0', 'limit'],
      ['a limit above 200', 'direction=incoming&limit=201', 'limit'],
      ['a forged cursor', `direction=incoming&cursor=${Buffer.from(JSON.stringify(['x', "1' OR 1=1"])).toString('base64url')}`, 'cursor'],
    ])('rejects %s with 400', async (_, query, field) => {
      expectProblem(await t.http.get(`${API}/handoffs?${query}`).set(bearer(counsellorL)), 400, '/problems/validation-failed', field);
    });

    it('forbids org admins and the coordinator (403)', async () => {
      expectProblem(await t.http.get(`${API}/handoffs?direction=incoming`).set(bearer(targetAdmin)), 403);
      expectProblem(await t.http.get(`${API}/handoffs?direction=outgoing`).set(bearer(coordinator)), 403);
      expectProblem(await read(targetAdmin, incoming[0].id), 403);
    });

    it('pages without skipping hand-offs created within the same millisecond (timestamps have microseconds)', async () => {
      // Concurrent creations can land in the same millisecond; Postgres keeps microseconds.
      await t.dataSource.query(
        `UPDATE handoffs h SET created_at = '2026-11-25T10:00:00.123Z'::timestamptz + o.n * interval '100 microseconds'
           FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM handoffs WHERE target_organisation_id = $1) o
          WHERE h.id = o.id`,
        [orgL],
      );
      const stored: { id: string }[] = await t.dataSource.query(
        'SELECT id FROM handoffs WHERE target_organisation_id = $1 ORDER BY created_at DESC, id DESC',
        [orgL],
      );
      const items = await allPages(counsellorL, 'direction=incoming');
      expect(items.map((item) => item.id)).toEqual(stored.map((row) => row.id));
      expect(stored).toHaveLength(incoming.length);
    });
  });

  // ---- 8. audit ----

  describe('audit', () => {
    it.each([
      ['completed', ['handoff.created', 'handoff.accepted', 'handoff.completed']],
      ['declined', ['handoff.created', 'handoff.declined']],
      ['withdrawn', ['handoff.created', 'handoff.withdrawn']],
      ['expired', ['handoff.created', 'handoff.expired']],
    ] as const)('writes a row for each transition of a hand-off that ends %s, naming both organisations', async (state, actions) => {
      const h = await handoffIn(state);
      const rows = await auditOf(h.id);
      expect(rows.map((row) => row.action)).toEqual(actions);
      for (const row of rows) expect(row.organisationIds).toEqual([orgA, orgC].sort());
      const actors = Object.fromEntries(rows.map((row) => [row.action, row.actorId]));
      expect(actors['handoff.created']).toBe(senderCounsellor.id);
      if (state === 'expired') expect(actors['handoff.expired']).toBeNull();
      if (state === 'withdrawn') expect(actors['handoff.withdrawn']).toBe(senderCounsellor.id);
      if (state === 'declined') expect(actors['handoff.declined']).toBe(targetCounsellor.id);
    });

    it('records reads of a hand-off by either side', async () => {
      const h = await pending();
      await ok(await read(targetCounsellor, h.id));
      await ok(await read(senderCounsellor, h.id));
      const rows: { actor_id: string }[] = await t.dataSource.query(
        "SELECT actor_id FROM audit_log WHERE subject_id = $1 AND action = 'handoff.read' ORDER BY id",
        [h.id],
      );
      expect(rows.map((row) => row.actor_id)).toEqual([targetCounsellor.id, senderCounsellor.id]);
    });
  });
});
