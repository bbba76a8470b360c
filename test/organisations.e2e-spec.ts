import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { passwordLinkToken } from '@app/core';
import type { Role } from '@app/counsellors';
import { createHandoff } from './support/network';
import { ISO_TIMESTAMP, TEST_PASSWORD, TestApp, bearer, type TestUser } from './support/test-app';

/**
 * Organisations, their services and their staff accounts, as the coordinator, org admins, leads
 * and counsellors of the network see them over HTTP.
 */

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STRONG_PASSWORD = 'Kaffeesatz-Leipzig-Connewitz-2031';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

/** Asserts an RFC 9457 problem with this status; returns the body for further checks. */
function expectProblem(res: Response, status: number, field?: string): Problem {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: expect.anything() });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
  );
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|QueryFailedError|SELECT |INSERT |UPDATE "|violates/);
  if (field) {
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
  }
  return res.body as Problem;
}

const cursorOf = (position: unknown[]) => Buffer.from(JSON.stringify(position)).toString('base64url');

describe('organisations, services and users', () => {
  let t: TestApp;
  let coordinatorOrg: string;
  let orgA: string;
  let orgB: string;
  let coordinator: TestUser;
  let adminA: TestUser;
  let leadA: TestUser;
  let counsellorA: TestUser;
  let adminB: TestUser;
  let counsellorB: TestUser;

  beforeAll(async () => {
    t = await TestApp.start({
      // E-mail is configured (invitations and password links need it); no worker runs here to send any.
      SMTP_URL: 'smtp://127.0.0.1:2525',
      // Many test users sign in from the one test address.
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    });
    coordinatorOrg = await t.createOrganisation({ kind: 'city_department', name: 'Stadt Leipzig, Referat für Migration und Integration' });
    orgA = await t.createOrganisation({ name: 'Alpha Beratungsstelle e.V.', districts: ['mitte'], languages: ['de', 'ar'] });
    orgB = await t.createOrganisation({ name: 'Beta Migrationsdienst gGmbH', districts: ['ost'], languages: ['de', 'uk'] });
    [coordinator, adminA, leadA, counsellorA, adminB, counsellorB] = await Promise.all([
      t.createUser(coordinatorOrg, ['coordinator']),
      t.createUser(orgA, ['org_admin']),
      t.createUser(orgA, ['lead']),
      t.createUser(orgA, ['counsellor']),
      t.createUser(orgB, ['org_admin']),
      t.createUser(orgB, ['counsellor']),
    ]);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const countOrganisationsNamed = async (name: string) =>
    Number((await t.dataSource.query('SELECT count(*)::int AS n FROM organisations WHERE name = $1', [name]))[0].n);

  describe('POST /organisations', () => {
    const fullBody = {
      kind: 'ngo',
      name: 'Refugee Law Clinic Leipzig e.V.',
      shortName: 'RLC',
      description: 'Kostenlose Rechtsberatung für Geflüchtete durch Studierende.',
      email: 'kontakt@rlc-leipzig.example',
      phone: '+49 341 97 12345',
      website: 'https://rlc-leipzig.example',
      address: { street: 'Burgstraße 21', postalCode: '04109', city: 'Leipzig' },
      openingHours: 'Di 14-18 Uhr, Do 10-13 Uhr',
      districts: ['mitte', 'alt_west'],
      languages: ['de', 'ar', 'prs'],
      acceptsReferrals: false,
      responseSlaWorkingDays: 5,
    };

    it('lets the coordinator create an organisation and echoes every field', async () => {
      const res = await t.http.post(`${API}/organisations`).set(bearer(coordinator)).send(fullBody);
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(expect.objectContaining({ ...fullBody, id: expect.stringMatching(UUID), active: true }));
      expect(res.body.createdAt).toMatch(ISO_TIMESTAMP);
      expect(res.body.updatedAt).toMatch(ISO_TIMESTAMP);

      const read = await t.http.get(`${API}/organisations/${res.body.id}`).set(bearer(counsellorA));
      expect(read.status).toBe(200);
      expect(read.body).toEqual(expect.objectContaining({ ...fullBody, id: res.body.id, active: true }));
    });

    it('fills in defaults for a minimal organisation', async () => {
      const res = await t.http
        .post(`${API}/organisations`)
        .set(bearer(coordinator))
        .send({ kind: 'volunteer_initiative', name: 'Willkommensinitiative Grünau' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          kind: 'volunteer_initiative',
          name: 'Willkommensinitiative Grünau',
          districts: [],
          languages: [],
          acceptsReferrals: true,
          responseSlaWorkingDays: 3,
          active: true,
          address: null,
        }),
      );
    });

    it('refuses unknown district and language codes, naming the field, and creates nothing', async () => {
      const district = await t.http
        .post(`${API}/organisations`)
        .set(bearer(coordinator))
        .send({ kind: 'ngo', name: 'Falscher Bezirk e.V.', districts: ['mitte', 'connewitz_sued'] });
      expect(expectProblem(district, 400, 'districts').detail).toContain('connewitz_sued');

      const language = await t.http
        .post(`${API}/organisations`)
        .set(bearer(coordinator))
        .send({ kind: 'ngo', name: 'Falsche Sprache e.V.', languages: ['de', 'xx'] });
      expect(expectProblem(language, 400, 'languages').detail).toContain('xx');

      expect(await countOrganisationsNamed('Falscher Bezirk e.V.')).toBe(0);
      expect(await countOrganisationsNamed('Falsche Sprache e.V.')).toBe(0);
    });

    it('rejects unknown body fields instead of dropping them', async () => {
      const res = await t.http
        .post(`${API}/organisations`)
        .set(bearer(coordinator))
        .send({ kind: 'ngo', name: 'Extrafeld e.V.', legalForm: 'e.V.' });
      const body = expectProblem(res, 400, 'legalForm');
      expect(body.errors).toEqual(expect.arrayContaining([{ field: 'legalForm', message: 'is not a known field' }]));
      expect(await countOrganisationsNamed('Extrafeld e.V.')).toBe(0);
    });

    it('rejects an id chosen by the client', async () => {
      const res = await t.http
        .post(`${API}/organisations`)
        .set(bearer(coordinator))
        .send({ id: randomUUID(), kind: 'ngo', name: 'Eigene Id e.V.' });
      expectProblem(res, 400, 'id');
    });

    it('rejects a kind that is not in the list, and a missing kind', async () => {
      expectProblem(
        await t.http.post(`${API}/organisations`).set(bearer(coordinator)).send({ kind: 'church', name: 'Gemeinde e.V.' }),
        400,
        'kind',
      );
      expectProblem(await t.http.post(`${API}/organisations`).set(bearer(coordinator)).send({ name: 'Ohne Art e.V.' }), 400, 'kind');
    });

    it('refuses null for an optional field that cannot be empty with 400, not a server error', async () => {
      const res = await t.http
        .post(`${API}/organisations`)
        .set(bearer(coordinator))
        .send({ kind: 'ngo', name: 'Null-Beschreibung e.V.', description: null });
      expectProblem(res, 400, 'description');
    });

    it('validates nested address and contact fields', async () => {
      const res = await t.http
        .post(`${API}/organisations`)
        .set(bearer(coordinator))
        .send({
          kind: 'ngo',
          name: 'Adresse falsch e.V.',
          address: { street: 'Karl-Liebknecht-Str. 1', postalCode: '4109', city: 'Leipzig' },
          email: 'not-an-email',
          responseSlaWorkingDays: 0,
        });
      expectProblem(res, 400, 'address.postalCode');
      expectProblem(res, 400, 'email');
      expectProblem(res, 400, 'responseSlaWorkingDays');
    });

    it.each([
      ['org admin', () => adminA],
      ['lead', () => leadA],
      ['counsellor', () => counsellorA],
    ])('is forbidden for a %s (403)', async (_role, user) => {
      const res = await t.http.post(`${API}/organisations`).set(bearer(user())).send({ kind: 'ngo', name: 'Nicht erlaubt e.V.' });
      expectProblem(res, 403);
      expect(await countOrganisationsNamed('Nicht erlaubt e.V.')).toBe(0);
    });

    it('needs a token (401)', async () => {
      expectProblem(await t.http.post(`${API}/organisations`).send({ kind: 'ngo', name: 'Anonym e.V.' }), 401);
    });
  });

  describe('GET /organisations and /organisations/:id', () => {
    beforeAll(async () => {
      // Enough organisations for several pages, including two with the same name (tie broken by id).
      for (const name of [
        'Caritas Leipzig',
        'Diakonie Leipzig',
        'Gleicher Name e.V.',
        'Gleicher Name e.V.',
        'Zeitwerk Initiative',
        'Ärztenetz Migration',
      ]) {
        await t.createOrganisation({ name });
      }
    });

    async function walk(user: TestUser, limit: number, extra = ''): Promise<{ ids: string[]; pages: number }> {
      const ids: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `limit=${limit}${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res: Response = await t.http.get(`${API}/organisations?${query}`).set(bearer(user));
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        ids.push(...res.body.items.map((o: { id: string }) => o.id));
        cursor = res.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(50);
      } while (cursor);
      return { ids, pages };
    }

    it('lets any signed-in user walk all pages with limit=2: no duplicates, nothing missing, ordered by name', async () => {
      const expected: string[] = (await t.dataSource.query('SELECT id FROM organisations ORDER BY name, id')).map(
        (r: { id: string }) => r.id,
      );
      expect(expected.length).toBeGreaterThan(6);
      const { ids, pages } = await walk(counsellorA, 2);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 2));

      // The same walk gives the same order again (stable ordering).
      expect((await walk(leadA, 2)).ids).toEqual(ids);
    });

    it('returns the first page with a cursor and the last page with nextCursor null', async () => {
      const first = await t.http.get(`${API}/organisations?limit=2`).set(bearer(adminB));
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const all = await t.http.get(`${API}/organisations?limit=200`).set(bearer(adminB));
      expect(all.status).toBe(200);
      expect(all.body.nextCursor).toBeNull();
      expect(all.body.items.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([orgA, orgB, coordinatorOrg]));
    });

    it('filters by kind', async () => {
      const res = await t.http.get(`${API}/organisations?kind=city_department`).set(bearer(counsellorB));
      expect(res.status).toBe(200);
      expect(res.body.items.map((o: { id: string }) => o.id)).toContain(coordinatorOrg);
      expect(res.body.items.every((o: { kind: string }) => o.kind === 'city_department')).toBe(true);
      expectProblem(await t.http.get(`${API}/organisations?kind=church`).set(bearer(counsellorB)), 400, 'kind');
    });

    it.each(['0', '201', '-1', 'abc', '2.5'])('rejects limit=%s (400)', async (limit) => {
      expectProblem(await t.http.get(`${API}/organisations?limit=${limit}`).set(bearer(counsellorA)), 400, 'limit');
    });

    it('accepts limit=200', async () => {
      expect((await t.http.get(`${API}/organisations?limit=200`).set(bearer(counsellorA))).status).toBe(200);
    });

    it.each([
      ['characters a cursor never has', 'not a cursor!'],
      ['not base64 JSON', 'abcdef'],
      ['a JSON array of the wrong length', cursorOf(['Caritas Leipzig'])],
      ['a JSON object', cursorOf({ name: 'x' } as unknown as unknown[])],
    ])('rejects a garbage cursor: %s (400)', async (_what, cursor) => {
      expectProblem(await t.http.get(`${API}/organisations?cursor=${encodeURIComponent(cursor)}`).set(bearer(counsellorA)), 400, 'cursor');
    });

    it('rejects a forged cursor whose id is not a UUID with 400, not a server error', async () => {
      const res = await t.http.get(`${API}/organisations?cursor=${cursorOf(['Caritas Leipzig', 'not-a-uuid'])}`).set(bearer(counsellorA));
      expectProblem(res, 400);
    });

    it('reads one organisation', async () => {
      const res = await t.http.get(`${API}/organisations/${orgB}`).set(bearer(counsellorA));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: orgB,
          name: 'Beta Migrationsdienst gGmbH',
          kind: 'ngo',
          districts: ['ost'],
          languages: ['de', 'uk'],
          active: true,
        }),
      );
    });

    it('answers 404 for an unknown id and 400 for a non-UUID id', async () => {
      expectProblem(await t.http.get(`${API}/organisations/${randomUUID()}`).set(bearer(counsellorA)), 404);
      expectProblem(await t.http.get(`${API}/organisations/not-a-uuid`).set(bearer(counsellorA)), 400);
    });

    it('needs a valid token (401)', async () => {
      expectProblem(await t.http.get(`${API}/organisations`), 401);
      expectProblem(await t.http.get(`${API}/organisations/${orgA}`), 401);
      expectProblem(await t.http.get(`${API}/organisations`).set('Authorization', 'Bearer not.a.token'), 401);
    });
  });

  describe('PATCH /organisations/:id', () => {
    let orgC: string;
    let adminC: TestUser;
    let leadC: TestUser;
    let counsellorC: TestUser;

    beforeAll(async () => {
      orgC = await t.createOrganisation({
        name: 'Connewitzer Sprachcafé',
        kind: 'volunteer_initiative',
        districts: ['sued'],
        languages: ['de'],
      });
      [adminC, leadC, counsellorC] = await Promise.all([
        t.createUser(orgC, ['org_admin']),
        t.createUser(orgC, ['lead']),
        t.createUser(orgC, ['counsellor']),
      ]);
    });

    const readOrganisation = async (id: string) => (await t.http.get(`${API}/organisations/${id}`).set(bearer(coordinator))).body;

    it('lets the coordinator change any organisation, including kind and active', async () => {
      const target = await t.createOrganisation({ name: 'Wird geändert e.V.' });
      const res = await t.http
        .patch(`${API}/organisations/${target}`)
        .set(bearer(coordinator))
        .send({ kind: 'advisory_council', active: false, responseSlaWorkingDays: 7, acceptsReferrals: false });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: target,
          kind: 'advisory_council',
          active: false,
          responseSlaWorkingDays: 7,
          acceptsReferrals: false,
          name: 'Wird geändert e.V.',
        }),
      );
      expect(await readOrganisation(target)).toEqual(expect.objectContaining({ kind: 'advisory_council', active: false }));
    });

    it('lets an org admin change its own profile (200)', async () => {
      const res = await t.http
        .patch(`${API}/organisations/${orgC}`)
        .set(bearer(adminC))
        .send({
          description: 'Offenes Sprachcafé jeden Mittwoch',
          openingHours: 'Mi 16-19 Uhr',
          languages: ['de', 'uk', 'ti'],
          phone: '0341 1234567',
        });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: orgC,
          description: 'Offenes Sprachcafé jeden Mittwoch',
          openingHours: 'Mi 16-19 Uhr',
          languages: ['de', 'uk', 'ti'],
          phone: '0341 1234567',
        }),
      );
      expect(await readOrganisation(orgC)).toEqual(
        expect.objectContaining({ openingHours: 'Mi 16-19 Uhr', languages: ['de', 'uk', 'ti'] }),
      );
    });

    it.each([
      ['active', { active: false }],
      ['kind', { kind: 'ngo' }],
      ['active (same value)', { active: true }],
      ['kind together with allowed fields', { kind: 'ngo', description: 'Nicht gespeichert' }],
    ])('forbids an org admin to change %s (403) and changes nothing', async (_what, body) => {
      const before = await readOrganisation(orgC);
      expectProblem(await t.http.patch(`${API}/organisations/${orgC}`).set(bearer(adminC)).send(body), 403);
      const after = await readOrganisation(orgC);
      expect(after).toEqual(expect.objectContaining({ kind: before.kind, active: before.active, description: before.description }));
    });

    it('forbids an org admin to change another organisation (403)', async () => {
      const before = await readOrganisation(orgB);
      expectProblem(await t.http.patch(`${API}/organisations/${orgB}`).set(bearer(adminC)).send({ description: 'Übernommen' }), 403);
      expect((await readOrganisation(orgB)).description).toBe(before.description);
    });

    it.each([
      ['lead', () => leadC],
      ['counsellor', () => counsellorC],
    ])('forbids a %s to change its own organisation (403)', async (_role, user) => {
      expectProblem(await t.http.patch(`${API}/organisations/${orgC}`).set(bearer(user())).send({ description: 'Nicht erlaubt' }), 403);
    });

    it('validates the patch like a create: unknown fields and codes are 400', async () => {
      expectProblem(await t.http.patch(`${API}/organisations/${orgC}`).set(bearer(adminC)).send({ slogan: 'Hallo' }), 400, 'slogan');
      expectProblem(
        await t.http
          .patch(`${API}/organisations/${orgC}`)
          .set(bearer(adminC))
          .send({ languages: ['de', 'klingon'] }),
        400,
        'languages',
      );
      expectProblem(
        await t.http
          .patch(`${API}/organisations/${orgC}`)
          .set(bearer(coordinator))
          .send({ districts: ['gohlis'] }),
        400,
        'districts',
      );
      expectProblem(await t.http.patch(`${API}/organisations/${orgC}`).set(bearer(coordinator)).send({ kind: 'church' }), 400, 'kind');
    });

    it('refuses null for a required field with 400, not a server error', async () => {
      const res = await t.http.patch(`${API}/organisations/${orgC}`).set(bearer(coordinator)).send({ name: null });
      expectProblem(res, 400, 'name');
      expect((await readOrganisation(orgC)).name).toBe('Connewitzer Sprachcafé');
    });

    it('answers 404 for an unknown organisation and 400 for a non-UUID id', async () => {
      expectProblem(await t.http.patch(`${API}/organisations/${randomUUID()}`).set(bearer(coordinator)).send({ description: 'x' }), 404);
      expectProblem(await t.http.patch(`${API}/organisations/nope`).set(bearer(coordinator)).send({ description: 'x' }), 400);
    });

    it('needs a token (401)', async () => {
      expectProblem(await t.http.patch(`${API}/organisations/${orgC}`).send({ description: 'x' }), 401);
    });
  });

  // An organisation that leaves the network: its staff must lose access to the cases shared with it.
  describe('deactivating an organisation', () => {
    const me = (token: string) => t.http.get(`${API}/me`).set({ Authorization: `Bearer ${token}` });
    const patchOrganisation = (actor: TestUser, id: string, body: object) =>
      t.http.patch(`${API}/organisations/${id}`).set(bearer(actor)).send(body);
    const login = (email: string, password = TEST_PASSWORD) => t.http.post(`${API}/auth/login`).send({ email, password });

    it('ends its staff access on the next request, refresh and login; a reactivation lets them sign in again', async () => {
      const leaving = await t.createOrganisation({ name: 'Verlässt das Netzwerk e.V.' });
      const counsellor = await t.createUser(leaving, ['counsellor']);
      const session = await t.login(counsellor.email);
      const handoff = await createHandoff(t, counsellorA, leaving);
      expect((await t.http.post(`${API}/handoffs/${handoff.id}/accept`).set(bearer(counsellor)).send({})).status).toBe(200);
      const readCase = (token: string) => t.http.get(`${API}/cases/${handoff.caseId}`).set({ Authorization: `Bearer ${token}` });
      expect((await readCase(counsellor.token)).status).toBe(200);
      const wrongPassword = await login(counsellor.email, 'definitely the wrong password');

      const off = await patchOrganisation(coordinator, leaving, { active: false });
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);

      expectProblem(await readCase(counsellor.token), 401);
      expectProblem(await me(session.accessToken), 401);
      expectProblem(await t.http.post(`${API}/auth/refresh`).send({ refreshToken: session.refreshToken }), 401);
      const loginWhileOff = await login(counsellor.email);
      expectProblem(loginWhileOff, 401);
      expect(loginWhileOff.body).toEqual(wrongPassword.body);
      // Everyone else works on; the sender still reads its case.
      expect((await me(counsellorA.token)).status).toBe(200);
      expect((await readCase(counsellorA.token)).status).toBe(200);

      expect((await patchOrganisation(coordinator, leaving, { active: true })).status).toBe(200);
      // Sessions from before stay ended, as after a user's own deactivation.
      expectProblem(await t.http.post(`${API}/auth/refresh`).send({ refreshToken: session.refreshToken }), 401);
      expectProblem(await me(session.accessToken), 401);
      const back = await login(counsellor.email);
      expect(back.status).toBe(200);
      expect((await readCase(back.body.accessToken)).status).toBe(200);
    });

    it('tells the senders of its pending and accepted hand-offs, once, and leaves the hand-offs as they are', async () => {
      const leaving = await t.createOrganisation({ name: 'Schließt zum Jahresende e.V.' });
      const counsellor = await t.createUser(leaving, ['counsellor']);
      const pending = await createHandoff(t, counsellorA, leaving);
      const accepted = await createHandoff(t, counsellorB, leaving);
      expect((await t.http.post(`${API}/handoffs/${accepted.id}/accept`).set(bearer(counsellor)).send({})).status).toBe(200);
      const toldAbout = async (user: TestUser) => {
        const inbox = await t.http.get(`${API}/notifications?limit=200`).set(bearer(user));
        expect(inbox.status).toBe(200);
        return inbox.body.items.filter((item: { kind: string }) => item.kind === 'handoff_target_left');
      };
      expect(await toldAbout(counsellorA)).toEqual([]);

      // Two coordinators at once, then a later edit of the inactive organisation: the senders are told once.
      const [first, second] = await Promise.all([
        patchOrganisation(coordinator, leaving, { active: false }),
        patchOrganisation(coordinator, leaving, { active: false }),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect((await patchOrganisation(coordinator, leaving, { active: false, description: 'Geschlossen' })).status).toBe(200);

      expect(await toldAbout(counsellorA)).toEqual([
        expect.objectContaining({ handoffId: pending.id, caseCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/), readAt: null }),
      ]);
      // The accepted referral's sender learns that no outcome will come from there.
      expect(await toldAbout(counsellorB)).toEqual([]);
      const inboxB = await t.http.get(`${API}/notifications?limit=200`).set(bearer(counsellorB));
      expect(inboxB.body.items.filter((item: { kind: string }) => item.kind === 'handoff_accepted_target_left')).toEqual([
        expect.objectContaining({ handoffId: accepted.id, readAt: null }),
      ]);
      expect((await t.http.get(`${API}/handoffs/${accepted.id}`).set(bearer(counsellorB))).body.status).toBe('accepted');
      const view = await t.http.get(`${API}/handoffs/${pending.id}`).set(bearer(counsellorA));
      expect(view.body.status).toBe('pending');
      const withdrawn = await t.http.post(`${API}/handoffs/${pending.id}/withdraw`).set(bearer(counsellorA)).send({});
      expect(withdrawn.status).toBe(200);
    });

    it('is recorded in the audit log, which the coordinator reads; the refused login names the reason there only', async () => {
      const leaving = await t.createOrganisation({ name: 'Wird stillgelegt e.V.' });
      const lead = await t.createUser(leaving, ['lead']);
      expect((await patchOrganisation(coordinator, leaving, { active: false, acceptsReferrals: false })).status).toBe(200);
      expectProblem(await login(lead.email), 401);
      expect((await patchOrganisation(coordinator, leaving, { active: true })).status).toBe(200);

      const audit = await t.http.get(`${API}/audit?limit=50`).set(bearer(coordinator));
      expect(audit.status).toBe(200);
      const about = audit.body.items.filter((entry: { subjectId: string }) => entry.subjectId === leaving);
      expect(about.map((entry: { action: string }) => entry.action)).toEqual(['organisation.reactivated', 'organisation.deactivated']);
      expect(about[1]).toEqual(
        expect.objectContaining({
          actorId: coordinator.id,
          subjectType: 'organisation',
          details: { fields: ['active', 'acceptsReferrals'] },
        }),
      );
      const [failure] = await t.dataSource.query(`SELECT details FROM audit_log WHERE action = 'auth.login_failed' AND subject_id = $1`, [
        lead.id,
      ]);
      expect(failure.details).toEqual({ reason: 'organisation_deactivated' });
    });

    it("refuses the coordinator's own organisation (422) and keeps everyone there signed in", async () => {
      const res = await patchOrganisation(coordinator, coordinatorOrg, { active: false });
      expect(expectProblem(res, 422).type).toBe('/problems/self-lockout');
      expect((await t.http.get(`${API}/organisations/${coordinatorOrg}`).set(bearer(coordinator))).body.active).toBe(true);
      expect((await me(coordinator.token)).status).toBe(200);
    });
  });

  describe('services of an organisation', () => {
    const serviceBody = {
      name: 'Asylverfahrensberatung',
      description: 'Vorbereitung auf die Anhörung beim BAMF',
      domain: 'asylum_procedure',
      languages: ['de', 'ar', 'prs'],
      districts: ['mitte', 'alt_west'],
      eligibility: 'Menschen im Asylverfahren',
      capacityStatus: 'waitlist',
    };
    let serviceA: { id: string };

    beforeAll(async () => {
      const res = await t.http.post(`${API}/organisations/${orgA}/services`).set(bearer(adminA)).send(serviceBody);
      expect(res.status).toBe(201);
      serviceA = res.body;
    });

    it('records who created and changed an organisation and its services in the audit log, by field name only', async () => {
      const created = await t.http
        .post(`${API}/organisations`)
        .set(bearer(coordinator))
        .send({ kind: 'ngo', name: 'Protokolliert e.V.', description: 'Hilfe beim Ankommen' });
      expect(created.status).toBe(201);
      const service = await t.http
        .post(`${API}/organisations/${created.body.id}/services`)
        .set(bearer(coordinator))
        .send({ name: 'Ankommen', domain: 'everyday_orientation' });
      expect(service.status).toBe(201);
      const patched = await t.http
        .patch(`${API}/services/${service.body.id}`)
        .set(bearer(coordinator))
        .send({ capacityStatus: 'paused', description: 'Pausiert bis Januar' });
      expect(patched.status).toBe(200);

      const audit = await t.http.get(`${API}/audit?limit=20`).set(bearer(coordinator));
      const about = audit.body.items.filter((entry: { subjectId: string }) => [created.body.id, service.body.id].includes(entry.subjectId));
      expect(about).toEqual([
        expect.objectContaining({
          action: 'service.updated',
          subjectType: 'service',
          details: { fields: ['capacityStatus', 'description'] },
        }),
        expect.objectContaining({ action: 'service.created', subjectType: 'service', subjectId: service.body.id }),
        expect.objectContaining({ action: 'organisation.created', subjectType: 'organisation', actorId: coordinator.id }),
      ]);
      expect(JSON.stringify(about)).not.toContain('Pausiert');
    });

    it('lets the org admin create a service of its organisation (201), echoing the fields', async () => {
      expect(serviceA).toEqual(
        expect.objectContaining({ ...serviceBody, id: expect.stringMatching(UUID), organisationId: orgA, active: true }),
      );
      const minimal = await t.http
        .post(`${API}/organisations/${orgA}/services`)
        .set(bearer(adminA))
        .send({ name: 'Wohnungssuche', domain: 'housing' });
      expect(minimal.status).toBe(201);
      expect(minimal.body).toEqual(
        expect.objectContaining({
          name: 'Wohnungssuche',
          domain: 'housing',
          languages: [],
          districts: [],
          capacityStatus: 'open',
          active: true,
          organisationId: orgA,
        }),
      );
    });

    it('lets the org admin list its services with pagination', async () => {
      await t.http
        .post(`${API}/organisations/${orgA}/services`)
        .set(bearer(adminA))
        .send({ name: 'Schuldnerberatung', domain: 'debt' })
        .expect(201);
      const all = await t.http.get(`${API}/organisations/${orgA}/services`).set(bearer(adminA));
      expect(all.status).toBe(200);
      expect(all.body.items.map((s: { id: string }) => s.id)).toContain(serviceA.id);
      expect(all.body.items.every((s: { organisationId: string }) => s.organisationId === orgA)).toBe(true);
      expect(all.body.nextCursor).toBeNull();

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t.http
          .get(`${API}/organisations/${orgA}/services?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(adminA));
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((s: { id: string }) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((s: { id: string }) => s.id));
    });

    it('lets the org admin patch its service (200)', async () => {
      const res = await t.http
        .patch(`${API}/services/${serviceA.id}`)
        .set(bearer(adminA))
        .send({ capacityStatus: 'open', languages: ['de', 'ti'], districts: [] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: serviceA.id,
          capacityStatus: 'open',
          languages: ['de', 'ti'],
          districts: [],
          name: serviceBody.name,
          organisationId: orgA,
        }),
      );
    });

    it('forbids the admin of another organisation to list, create or patch them (403)', async () => {
      expectProblem(await t.http.get(`${API}/organisations/${orgA}/services`).set(bearer(adminB)), 403);
      expectProblem(
        await t.http.post(`${API}/organisations/${orgA}/services`).set(bearer(adminB)).send({ name: 'Fremd', domain: 'housing' }),
        403,
      );
      expectProblem(await t.http.patch(`${API}/services/${serviceA.id}`).set(bearer(adminB)).send({ capacityStatus: 'paused' }), 403);
      const [row] = await t.dataSource.query('SELECT capacity_status FROM services WHERE id = $1', [serviceA.id]);
      expect(row.capacity_status).not.toBe('paused');
      expect(Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM services WHERE name = 'Fremd'`))[0].n)).toBe(0);
    });

    it.each([
      ['lead', () => leadA],
      ['counsellor', () => counsellorA],
    ])('forbids a %s of the organisation to manage them (403)', async (_role, user) => {
      expectProblem(await t.http.get(`${API}/organisations/${orgA}/services`).set(bearer(user())), 403);
      expectProblem(
        await t.http.post(`${API}/organisations/${orgA}/services`).set(bearer(user())).send({ name: 'Eigenmächtig', domain: 'housing' }),
        403,
      );
      expectProblem(await t.http.patch(`${API}/services/${serviceA.id}`).set(bearer(user())).send({ capacityStatus: 'paused' }), 403);
    });

    it('lets the coordinator list, create and patch services of any organisation', async () => {
      const list = await t.http.get(`${API}/organisations/${orgB}/services`).set(bearer(coordinator));
      expect(list.status).toBe(200);
      const created = await t.http
        .post(`${API}/organisations/${orgB}/services`)
        .set(bearer(coordinator))
        .send({ name: 'Sozialberatung', domain: 'social_benefits', languages: ['uk'] });
      expect(created.status).toBe(201);
      expect(created.body.organisationId).toBe(orgB);
      const patched = await t.http.patch(`${API}/services/${created.body.id}`).set(bearer(coordinator)).send({ active: false });
      expect(patched.status).toBe(200);
      expect(patched.body.active).toBe(false);
      const patchedA = await t.http.patch(`${API}/services/${serviceA.id}`).set(bearer(coordinator)).send({ eligibility: 'Alle' });
      expect(patchedA.status).toBe(200);
      expect(patchedA.body.eligibility).toBe('Alle');
    });

    it('refuses unknown domain, language and district codes (400 naming the field)', async () => {
      expect(
        expectProblem(
          await t.http.post(`${API}/organisations/${orgA}/services`).set(bearer(adminA)).send({ name: 'Falsch', domain: 'astrology' }),
          400,
          'domain',
        ).detail,
      ).toContain('astrology');
      expectProblem(
        await t.http.post(`${API}/organisations/${orgA}/services`).set(bearer(adminA)).send({ name: 'Falsch', domain: 'Housing!' }),
        400,
        'domain',
      );
      expectProblem(
        await t.http
          .post(`${API}/organisations/${orgA}/services`)
          .set(bearer(adminA))
          .send({ name: 'Falsch', domain: 'housing', languages: ['zz'] }),
        400,
        'languages',
      );
      expectProblem(
        await t.http
          .post(`${API}/organisations/${orgA}/services`)
          .set(bearer(adminA))
          .send({ name: 'Falsch', domain: 'housing', districts: ['paris'] }),
        400,
        'districts',
      );
      expectProblem(await t.http.patch(`${API}/services/${serviceA.id}`).set(bearer(adminA)).send({ domain: 'astrology' }), 400, 'domain');
      expect(Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM services WHERE name = 'Falsch'`))[0].n)).toBe(0);
    });

    it('rejects a missing domain, unknown fields and a bad capacity status (400)', async () => {
      expectProblem(
        await t.http.post(`${API}/organisations/${orgA}/services`).set(bearer(adminA)).send({ name: 'Ohne Gebiet' }),
        400,
        'domain',
      );
      expectProblem(
        await t.http
          .post(`${API}/organisations/${orgA}/services`)
          .set(bearer(adminA))
          .send({ name: 'Umgeleitet', domain: 'housing', organisationId: orgB }),
        400,
        'organisationId',
      );
      expectProblem(
        await t.http.patch(`${API}/services/${serviceA.id}`).set(bearer(adminA)).send({ capacityStatus: 'full' }),
        400,
        'capacityStatus',
      );
    });

    it('refuses null for a required service field with 400, not a server error', async () => {
      expectProblem(await t.http.patch(`${API}/services/${serviceA.id}`).set(bearer(adminA)).send({ domain: null }), 400, 'domain');
    });

    it('answers 404 for a service or organisation that does not exist, 400 for a non-UUID', async () => {
      expectProblem(await t.http.patch(`${API}/services/${randomUUID()}`).set(bearer(coordinator)).send({ capacityStatus: 'paused' }), 404);
      expectProblem(await t.http.patch(`${API}/services/${randomUUID()}`).set(bearer(adminA)).send({ capacityStatus: 'paused' }), 404);
      expectProblem(
        await t.http
          .post(`${API}/organisations/${randomUUID()}/services`)
          .set(bearer(coordinator))
          .send({ name: 'Nirgendwo', domain: 'housing' }),
        404,
      );
      expectProblem(await t.http.get(`${API}/organisations/${randomUUID()}/services`).set(bearer(coordinator)), 404);
      expectProblem(await t.http.patch(`${API}/services/12345`).set(bearer(coordinator)).send({ capacityStatus: 'paused' }), 400);
    });

    it('needs a token (401)', async () => {
      expectProblem(await t.http.get(`${API}/organisations/${orgA}/services`), 401);
      expectProblem(await t.http.post(`${API}/organisations/${orgA}/services`).send({ name: 'x', domain: 'housing' }), 401);
      expectProblem(await t.http.patch(`${API}/services/${serviceA.id}`).send({ capacityStatus: 'paused' }), 401);
    });
  });

  describe('users', () => {
    const ids = (res: Response) => res.body.items.map((u: { id: string }) => u.id) as string[];
    const newUser = (overrides: Record<string, unknown> = {}) => ({
      email: `neu.${randomUUID().slice(0, 8)}@beratung.example`,
      displayName: 'Neue Beraterin',
      password: STRONG_PASSWORD,
      roles: ['counsellor'],
      ...overrides,
    });
    const expectNoSecrets = (res: Response) => {
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/passwordHash|password_hash|"password"|\$argon2/);
    };

    it("lists only the org admin's own organisation", async () => {
      const res = await t.http.get(`${API}/users?limit=200`).set(bearer(adminA));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThanOrEqual(3);
      expect(res.body.items.every((u: { organisationId: string }) => u.organisationId === orgA)).toBe(true);
      expect(ids(res)).toEqual(expect.arrayContaining([adminA.id, leadA.id, counsellorA.id]));
      expect(ids(res)).not.toContain(adminB.id);
      expect(ids(res)).not.toContain(counsellorB.id);
      expect(ids(res)).not.toContain(coordinator.id);
      expectNoSecrets(res);
    });

    it("never shows another organisation's users, even when asked for them by organisationId", async () => {
      const res = await t.http.get(`${API}/users?organisationId=${orgB}`).set(bearer(adminA));
      expect(res.status).toBe(404);
      expectProblem(res, 404);
      expect(JSON.stringify(res.body)).not.toContain(counsellorB.email);
    });

    it('walks pages of users without duplicates', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t.http.get(`${API}/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(adminA));
        expect(res.status).toBe(200);
        seen.push(...ids(res));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(ids(await t.http.get(`${API}/users?limit=200`).set(bearer(adminA))));
    });

    it('answers 404, not 403, for a user of another organisation', async () => {
      for (const caller of [adminA, leadA, counsellorA]) {
        expectProblem(await t.http.get(`${API}/users/${counsellorB.id}`).set(bearer(caller)), 404);
      }
      const unknown = await t.http.get(`${API}/users/${randomUUID()}`).set(bearer(adminA));
      const foreign = await t.http.get(`${API}/users/${adminB.id}`).set(bearer(adminA));
      expect(foreign.status).toBe(404);
      // Indistinguishable from a user that does not exist.
      expect(foreign.body).toEqual(unknown.body);
      expectProblem(await t.http.get(`${API}/users/not-a-uuid`).set(bearer(adminA)), 400);
    });

    it('lets an org admin read a colleague', async () => {
      const res = await t.http.get(`${API}/users/${counsellorA.id}`).set(bearer(adminA));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: counsellorA.id,
          organisationId: orgA,
          email: counsellorA.email,
          roles: ['counsellor'],
          active: true,
        }),
      );
      expectNoSecrets(res);
    });

    it('lets the coordinator see users of every organisation, and filter by organisation', async () => {
      const all = await t.http.get(`${API}/users?limit=200`).set(bearer(coordinator));
      expect(all.status).toBe(200);
      expect(ids(all)).toEqual(expect.arrayContaining([adminA.id, counsellorB.id, coordinator.id]));
      const onlyB = await t.http.get(`${API}/users?organisationId=${orgB}`).set(bearer(coordinator));
      expect(onlyB.status).toBe(200);
      expect(ids(onlyB)).toEqual(expect.arrayContaining([adminB.id, counsellorB.id]));
      expect(onlyB.body.items.every((u: { organisationId: string }) => u.organisationId === orgB)).toBe(true);
      expect((await t.http.get(`${API}/users/${counsellorB.id}`).set(bearer(coordinator))).status).toBe(200);
    });

    it('lets an org admin create a user in its own organisation, who can then sign in', async () => {
      const body = newUser({
        email: 'A.Berger@Beratung.Example',
        displayName: 'A. Berger',
        languages: ['ar', 'de'],
        domains: ['housing'],
        caseCapacity: 25,
        preferredLocale: 'en',
      });
      const res = await t.http.post(`${API}/users`).set(bearer(adminA)).send(body);
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID),
          organisationId: orgA,
          email: 'a.berger@beratung.example',
          displayName: 'A. Berger',
          roles: ['counsellor'],
          languages: ['ar', 'de'],
          domains: ['housing'],
          caseCapacity: 25,
          preferredLocale: 'en',
          active: true,
        }),
      );
      expectNoSecrets(res);
      const tokens = await t.login('a.berger@beratung.example', STRONG_PASSWORD);
      expect(tokens.accessToken).toEqual(expect.any(String));
    });

    it("creates the org admin's users in its own organisation only", async () => {
      const res = await t.http
        .post(`${API}/users`)
        .set(bearer(adminA))
        .send(newUser({ organisationId: orgB }));
      expectProblem(res, 404);
      const same = await t.http
        .post(`${API}/users`)
        .set(bearer(adminA))
        .send(newUser({ organisationId: orgA }));
      expect(same.status).toBe(201);
      expect(same.body.organisationId).toBe(orgA);
    });

    it.each([[['coordinator']], [['counsellor', 'coordinator']]])(
      'forbids an org admin to create a user with roles %j (403)',
      async (roles) => {
        const body = newUser({ roles });
        expectProblem(await t.http.post(`${API}/users`).set(bearer(adminA)).send(body), 403);
        expect(Number((await t.dataSource.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [body.email]))[0].n)).toBe(0);
      },
    );

    it('requires the coordinator to name the organisation (400 without organisationId)', async () => {
      expectProblem(await t.http.post(`${API}/users`).set(bearer(coordinator)).send(newUser()), 400, 'organisationId');
      const created = await t.http
        .post(`${API}/users`)
        .set(bearer(coordinator))
        .send(newUser({ organisationId: orgB, roles: ['org_admin'], password: undefined }));
      expect(created.status).toBe(201);
      expect(created.body).toEqual(expect.objectContaining({ organisationId: orgB, roles: ['org_admin'] }));
      expectNoSecrets(created);
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(coordinator))
          .send(newUser({ organisationId: randomUUID() })),
        404,
      );
    });

    it('refuses a duplicate e-mail address with 409, whatever its case', async () => {
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminA))
          .send(newUser({ email: counsellorA.email })),
        409,
      );
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminB))
          .send(newUser({ email: counsellorA.email.toUpperCase() })),
        409,
      );
    });

    it('rejects weak passwords, unknown fields, bad roles and unknown codes (400)', async () => {
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminA))
          .send(newUser({ password: 'password' })),
        400,
        'password',
      );
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminA))
          .send(newUser({ password: 'kurz' })),
        400,
        'password',
      );
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminA))
          .send(newUser({ passwordHash: '$argon2id$v=19$...' })),
        400,
        'passwordHash',
      );
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminA))
          .send(newUser({ roles: ['superuser'] })),
        400,
        'roles',
      );
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminA))
          .send(newUser({ roles: [] })),
        400,
        'roles',
      );
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminA))
          .send(newUser({ languages: ['xx'] })),
        400,
        'languages',
      );
      expectProblem(
        await t.http
          .post(`${API}/users`)
          .set(bearer(adminA))
          .send(newUser({ email: 'not-an-address' })),
        400,
        'email',
      );
    });

    it("lets an org admin change and deactivate a colleague, never another organisation's user", async () => {
      const colleague = await t.createUser(orgA, ['counsellor']);
      const res = await t.http
        .patch(`${API}/users/${colleague.id}`)
        .set(bearer(adminA))
        .send({ displayName: 'Umbenannt', roles: ['counsellor', 'lead'], caseCapacity: 12 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ id: colleague.id, displayName: 'Umbenannt', roles: ['counsellor', 'lead'], caseCapacity: 12 }),
      );
      expectNoSecrets(res);

      const deactivated = await t.http.patch(`${API}/users/${colleague.id}`).set(bearer(adminA)).send({ active: false });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.active).toBe(false);

      expectProblem(await t.http.patch(`${API}/users/${counsellorB.id}`).set(bearer(adminA)).send({ displayName: 'Gekapert' }), 404);
      const [row] = await t.dataSource.query('SELECT display_name FROM users WHERE id = $1', [counsellorB.id]);
      expect(row.display_name).not.toBe('Gekapert');
    });

    it('forbids an org admin to grant the coordinator role by PATCH (403)', async () => {
      expectProblem(
        await t.http
          .patch(`${API}/users/${counsellorA.id}`)
          .set(bearer(adminA))
          .send({ roles: ['counsellor', 'coordinator'] }),
        403,
      );
      const [row] = await t.dataSource.query('SELECT roles FROM users WHERE id = $1', [counsellorA.id]);
      expect(row.roles).toEqual(['counsellor']);
    });

    it('forbids an org admin to take over a coordinator account of its organisation (password reset, deactivation)', async () => {
      // The coordinator belongs to an organisation too; its org admin must not become the coordinator.
      // (A second coordinator, so a failure here cannot break the other tests' coordinator.)
      const [adminOfCoordinatorOrg, victim] = await Promise.all([
        t.createUser(coordinatorOrg, ['org_admin']),
        t.createUser(coordinatorOrg, ['coordinator']),
      ]);
      const newPassword = 'Ein-ganz-neues-Passwort-2031';
      const reset = await t.http.patch(`${API}/users/${victim.id}`).set(bearer(adminOfCoordinatorOrg)).send({ password: newPassword });
      const deactivate = await t.http.patch(`${API}/users/${victim.id}`).set(bearer(adminOfCoordinatorOrg)).send({ active: false });
      expect([reset.status, deactivate.status]).toEqual([403, 403]);
      expectProblem(reset, 403);
      expect((await t.http.post(`${API}/auth/login`).send({ email: victim.email, password: newPassword })).status).toBe(401);
    });

    it('answers 400, not a server error, for a forged users cursor', async () => {
      const forged = cursorOf(['not-a-uuid', 'Test', 'also-not-a-uuid']);
      expectProblem(await t.http.get(`${API}/users?cursor=${forged}`).set(bearer(adminA)), 400);
    });

    it('refuses null roles with 400, not a server error', async () => {
      expectProblem(await t.http.patch(`${API}/users/${counsellorA.id}`).set(bearer(adminA)).send({ roles: null }), 400, 'roles');
    });

    it.each([
      ['lead', () => leadA],
      ['counsellor', () => counsellorA],
    ])('lets a %s list and read colleagues, but not create or change users (403)', async (_role, user) => {
      const list = await t.http.get(`${API}/users`).set(bearer(user()));
      expect(list.status).toBe(200);
      expect(ids(list)).toEqual(expect.arrayContaining([adminA.id, leadA.id, counsellorA.id]));
      expect(list.body.items.every((u: { organisationId: string }) => u.organisationId === orgA)).toBe(true);
      expectNoSecrets(list);
      expect((await t.http.get(`${API}/users/${adminA.id}`).set(bearer(user()))).status).toBe(200);

      expectProblem(await t.http.post(`${API}/users`).set(bearer(user())).send(newUser()), 403);
      expectProblem(await t.http.patch(`${API}/users/${adminA.id}`).set(bearer(user())).send({ displayName: 'Übernommen' }), 403);
      expectProblem(
        await t.http
          .patch(`${API}/users/${user().id}`)
          .set(bearer(user()))
          .send({ roles: ['org_admin'] }),
        403,
      );
    });

    describe('the coordinator in another organisation: its admins only, never a way into case content', () => {
      const NEW_PASSWORD = 'Ein-ganz-neues-Passwort-2031';
      /** Changes to user accounts the coordinator has made: a refused request must add none. */
      const coordinatorUserEntries = async () =>
        Number(
          (
            await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1 AND action LIKE 'user.%'`, [
              coordinator.id,
            ])
          )[0].n,
        );
      const userRow = async (id: string) =>
        (await t.dataSource.query('SELECT roles, password_hash, active, display_name FROM users WHERE id = $1', [id]))[0];
      const loginStatus = async (email: string, password: string) =>
        (await t.http.post(`${API}/auth/login`).send({ email, password })).status;
      const expectRefused = (res: Response) => {
        const { detail } = expectProblem(res, 403);
        for (const part of [/coordinator may not/, /another organisation/, /case content/, /own admin/]) expect(detail).toMatch(part);
      };

      it('creates a first or replacement org admin of another organisation (201) by invitation, who sets a password and signs in', async () => {
        const body = newUser({ organisationId: orgB, roles: ['org_admin'], password: undefined });
        const res = await t.http.post(`${API}/users`).set(bearer(coordinator)).send(body);
        expect(res.status).toBe(201);
        expect(res.body).toEqual(expect.objectContaining({ organisationId: orgB, roles: ['org_admin'], active: true }));
        const [{ link_id }] = await t.dataSource.query(
          `SELECT data->>'passwordLinkId' AS link_id FROM notifications WHERE recipient_id = $1 AND kind = 'account_invitation'`,
          [res.body.id],
        );
        const token = passwordLinkToken(link_id, t.environment.JWT_SECRET);
        expect((await t.http.post(`${API}/auth/password/set`).send({ token, newPassword: STRONG_PASSWORD })).status).toBe(204);
        expect((await t.login(body.email as string, STRONG_PASSWORD)).accessToken).toEqual(expect.any(String));
      });

      it('refuses to give a new user there a password (403), creating nothing: it invites them instead', async () => {
        const body = newUser({ organisationId: orgB, roles: ['org_admin'] });
        expectRefused(await t.http.post(`${API}/users`).set(bearer(coordinator)).send(body));
        expect(Number((await t.dataSource.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [body.email]))[0].n)).toBe(0);
      });

      it.each([[['counsellor']], [['lead']], [['org_admin', 'counsellor']], [['org_admin', 'lead']], [['coordinator']]])(
        'refuses to create a user with roles %j there (403), creating nothing',
        async (roles) => {
          const before = await coordinatorUserEntries();
          const body = newUser({ organisationId: orgB, roles });
          expectRefused(await t.http.post(`${API}/users`).set(bearer(coordinator)).send(body));
          expect(Number((await t.dataSource.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [body.email]))[0].n)).toBe(0);
          expect(await coordinatorUserEntries()).toBe(before);
        },
      );

      it.each([
        ['an org admin', ['org_admin'], ['org_admin', 'counsellor']],
        ['an org admin', ['org_admin'], ['org_admin', 'lead']],
        ['a counsellor', ['counsellor'], ['counsellor', 'lead']],
        ['a counsellor', ['counsellor'], ['org_admin']],
        ['a lead', ['lead'], ['org_admin']],
      ] as const)('refuses to change the roles of %s there from %j to %j (403), changing nothing', async (_who, roles, wanted) => {
        const user = await t.createUser(orgB, [...roles]);
        const before = [await userRow(user.id), await coordinatorUserEntries()];
        expectRefused(
          await t.http.patch(`${API}/users/${user.id}`).set(bearer(coordinator)).send({ roles: wanted, displayName: 'Umbenannt' }),
        );
        expect([await userRow(user.id), await coordinatorUserEntries()]).toEqual(before);
      });

      it.each([[['counsellor']], [['lead']], [['org_admin', 'counsellor']], [['org_admin']]])(
        'refuses to set the password of a user with roles %j there (403); the old password still signs in',
        async (roles) => {
          const user = await t.createUser(orgB, roles as Role[]);
          const before = [await userRow(user.id), await coordinatorUserEntries()];
          expectRefused(await t.http.patch(`${API}/users/${user.id}`).set(bearer(coordinator)).send({ password: NEW_PASSWORD }));
          expect([await userRow(user.id), await coordinatorUserEntries()]).toEqual(before);
          expect(await loginStatus(user.email, NEW_PASSWORD)).toBe(401);
          expect(await loginStatus(user.email, TEST_PASSWORD)).toBe(200);
        },
      );

      it('sends an org admin there a password link (202), e.g. for a locked-out organisation; only the admin learns the password', async () => {
        const admin = await t.createUser(orgB, ['org_admin']);
        const res = await t.http.post(`${API}/users/${admin.id}/password-link`).set(bearer(coordinator)).send();
        expect(res.status).toBe(202);
        const [{ kind }] = await t.dataSource.query(`SELECT kind FROM notifications WHERE recipient_id = $1`, [admin.id]);
        expect(kind).toBe('password_reset');
        expect(await loginStatus(admin.email, TEST_PASSWORD)).toBe(200);
      });

      it('changes the profile of, and deactivates, a counsellor there (200)', async () => {
        const user = await t.createUser(orgB, ['counsellor', 'lead']);
        const renamed = await t.http
          .patch(`${API}/users/${user.id}`)
          .set(bearer(coordinator))
          .send({ displayName: 'Umbenannt', caseCapacity: 10, roles: ['lead', 'counsellor'] });
        expect(renamed.status).toBe(200);
        // The same roles in another order are no change of roles.
        expect(renamed.body).toEqual(expect.objectContaining({ displayName: 'Umbenannt', caseCapacity: 10 }));
        expect([...renamed.body.roles].sort()).toEqual(['counsellor', 'lead']);
        const deactivated = await t.http.patch(`${API}/users/${user.id}`).set(bearer(coordinator)).send({ active: false });
        expect(deactivated.status).toBe(200);
        expect(deactivated.body.active).toBe(false);
        expect(await loginStatus(user.email, TEST_PASSWORD)).toBe(401);
      });

      it("refuses to deactivate an organisation's last active counsellor or lead there (422); one of several it may", async () => {
        const organisation = await t.createOrganisation();
        const [counsellor, lead] = await Promise.all([t.createUser(organisation, ['counsellor']), t.createUser(organisation, ['lead'])]);
        const deactivate = (user: TestUser) => t.http.patch(`${API}/users/${user.id}`).set(bearer(coordinator)).send({ active: false });
        expect((await deactivate(counsellor)).status).toBe(200);
        const before = [await userRow(lead.id), await coordinatorUserEntries()];
        const refused = await deactivate(lead);
        expect(expectProblem(refused, 422)).toEqual(expect.objectContaining({ type: '/problems/last-case-worker' }));
        expect([await userRow(lead.id), await coordinatorUserEntries()]).toEqual(before);
        expect(await loginStatus(lead.email, TEST_PASSWORD)).toBe(200);
        // The organisation's own admin decides that.
        const admin = await t.createUser(organisation, ['org_admin']);
        expect((await t.http.patch(`${API}/users/${lead.id}`).set(bearer(admin)).send({ active: false })).status).toBe(200);
      });

      it('deactivating the last two at once (two tabs): one is deactivated, the other refused as the last (422), never a conflict', async () => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const organisation = await t.createOrganisation();
          const workers = await Promise.all([t.createUser(organisation, ['counsellor']), t.createUser(organisation, ['lead'])]);
          const answers = await Promise.all(
            workers.map((user) => t.http.patch(`${API}/users/${user.id}`).set(bearer(coordinator)).send({ active: false })),
          );
          expect(answers.map((answer) => answer.status).sort()).toEqual([200, 422]);
          const [{ active }] = await t.dataSource.query(`SELECT count(*)::int AS active FROM users WHERE organisation_id = $1 AND active`, [
            organisation,
          ]);
          expect(active).toBe(1);
        }
      });

      it("still acts as its own organisation's admin: creates a counsellor and sets a password there", async () => {
        const body = newUser({ organisationId: coordinatorOrg, roles: ['counsellor'] });
        const created = await t.http.post(`${API}/users`).set(bearer(coordinator)).send(body);
        expect(created.status).toBe(201);
        expect(created.body).toEqual(expect.objectContaining({ organisationId: coordinatorOrg, roles: ['counsellor'] }));
        const reset = await t.http.patch(`${API}/users/${created.body.id}`).set(bearer(coordinator)).send({ password: NEW_PASSWORD });
        expect(reset.status).toBe(200);
        expect(await loginStatus(body.email as string, NEW_PASSWORD)).toBe(200);
      });
    });

    describe("an organisation's other admins are told of every new access to it", () => {
      let organisation: string;
      let admin: TestUser;
      let otherAdmin: TestUser;
      let counsellor: TestUser;
      beforeEach(async () => {
        organisation = await t.createOrganisation();
        [admin, otherAdmin, counsellor] = await Promise.all([
          t.createUser(organisation, ['org_admin']),
          t.createUser(organisation, ['org_admin']),
          t.createUser(organisation, ['counsellor']),
          // A deactivated admin, who is told nothing.
          t.createUser(organisation, ['org_admin'], { active: false }),
        ]);
      });

      /** The access notices in a user's in-app inbox, oldest first. */
      const accessNotices = async (user: TestUser) => {
        const res = await t.http.get(`${API}/notifications?limit=200`).set(bearer(user));
        expect(res.status).toBe(200);
        return (res.body.items as { kind: string; data: Record<string, unknown> }[])
          .filter((notification) => notification.kind === 'account_access_granted')
          .map((notification) => notification.data)
          .reverse();
      };
      /** Who got an access notice about this account, with an e-mail queued for it. */
      const toldAbout = async (accountId: string) =>
        (
          await t.dataSource.query(
            `SELECT n.recipient_id, o.notification_id IS NOT NULL AS emailed FROM notifications n
               LEFT JOIN email_outbox o ON o.notification_id = n.id
              WHERE n.kind = 'account_access_granted' AND n.data->>'accountId' = $1 ORDER BY n.recipient_id`,
            [accountId],
          )
        ).map((row: { recipient_id: string; emailed: boolean }) => [row.recipient_id, row.emailed]);
      const sorted = (...users: TestUser[]) => users.map((user) => user.id).sort();

      it('when the coordinator invites an admin there: each active admin and its case workers (no lead here: the counsellors), in-app and by e-mail', async () => {
        const res = await t.http
          .post(`${API}/users`)
          .set(bearer(coordinator))
          .send(newUser({ organisationId: organisation, roles: ['org_admin'], password: undefined }));
        expect(res.status).toBe(201);
        const notice = {
          accountId: res.body.id,
          change: 'created',
          roles: ['org_admin'],
          added: ['org_admin'],
          byUserId: coordinator.id,
          byNetworkCoordinator: true,
        };
        expect(await accessNotices(admin)).toEqual([notice]);
        expect(await accessNotices(otherAdmin)).toEqual([notice]);
        expect(await accessNotices(counsellor)).toEqual([notice]);
        // Not the deactivated admin, the new admin itself or the coordinator.
        expect(await toldAbout(res.body.id)).toEqual(sorted(admin, otherAdmin, counsellor).map((id) => [id, true]));
      });

      it('when an admin gives itself or a colleague a case role: the other admins, not the one who did it', async () => {
        const own = await t.http
          .patch(`${API}/users/${admin.id}`)
          .set(bearer(admin))
          .send({ roles: ['org_admin', 'counsellor'] });
        expect(own.status).toBe(200);
        const promoted = await t.http
          .patch(`${API}/users/${counsellor.id}`)
          .set(bearer(admin))
          .send({ roles: ['counsellor', 'lead'] });
        expect(promoted.status).toBe(200);
        const byAdmin = { byUserId: admin.id, byNetworkCoordinator: false };
        expect(await accessNotices(otherAdmin)).toEqual([
          { accountId: admin.id, change: 'roles_added', roles: ['org_admin', 'counsellor'], added: ['counsellor'], ...byAdmin },
          { accountId: counsellor.id, change: 'roles_added', roles: ['counsellor', 'lead'], added: ['lead'], ...byAdmin },
        ]);
        expect(await accessNotices(admin)).toEqual([]);
        expect(await toldAbout(counsellor.id)).toEqual([[otherAdmin.id, true]]);
      });

      it('when a change opens the cases: the leads too, else the counsellors, so that admins the coordinator created cannot keep it among themselves', async () => {
        const lead = await t.createUser(organisation, ['lead']);
        // A new admin opens no case, but the coordinator made it: the lead is told too (not the counsellor).
        const created = await t.http
          .post(`${API}/users`)
          .set(bearer(coordinator))
          .send(newUser({ organisationId: organisation, roles: ['org_admin'], password: undefined }));
        expect(created.status).toBe(201);
        expect(await toldAbout(created.body.id)).toEqual(sorted(admin, otherAdmin, lead).map((id) => [id, true]));
        // One the organisation's own admin makes: its admins only.
        const ownAdmin = await t.http
          .post(`${API}/users`)
          .set(bearer(admin))
          .send(newUser({ roles: ['org_admin'] }));
        expect(ownAdmin.status).toBe(201);
        expect(await toldAbout(ownAdmin.body.id)).toEqual([otherAdmin.id, created.body.id].sort().map((id) => [id, true]));
        // An admin giving itself a case role: the other admins and the lead, not the counsellor.
        expect(
          (
            await t.http
              .patch(`${API}/users/${admin.id}`)
              .set(bearer(admin))
              .send({ roles: ['org_admin', 'counsellor'] })
          ).status,
        ).toBe(200);
        // The two admins just created are admins there too.
        expect(await toldAbout(admin.id)).toEqual(
          [otherAdmin.id, lead.id, created.body.id, ownAdmin.body.id].sort().map((id) => [id, true]),
        );
        expect(await accessNotices(lead)).toEqual([
          expect.objectContaining({ accountId: created.body.id, byNetworkCoordinator: true }),
          expect.objectContaining({ accountId: admin.id, added: ['counsellor'] }),
        ]);

        // Without an active lead, the counsellors are told.
        const small = await t.createOrganisation();
        const [onlyAdmin, puppet, first, second] = await Promise.all([
          t.createUser(small, ['org_admin']),
          t.createUser(small, ['org_admin']),
          t.createUser(small, ['counsellor']),
          t.createUser(small, ['counsellor']),
          t.createUser(small, ['lead'], { active: false }),
        ]);
        expect(
          (
            await t.http
              .patch(`${API}/users/${onlyAdmin.id}`)
              .set(bearer(onlyAdmin))
              .send({ roles: ['org_admin', 'lead'] })
          ).status,
        ).toBe(200);
        expect(await toldAbout(onlyAdmin.id)).toEqual(sorted(puppet, first, second).map((id) => [id, true]));
      });

      it("when an admin sets a case worker's password (it could sign in as them): the other admins and the leads, else the counsellors", async () => {
        const lead = await t.createUser(organisation, ['lead']);
        const setPassword = (user: TestUser) =>
          t.http.patch(`${API}/users/${user.id}`).set(bearer(admin)).send({ password: 'Ein-ganz-neues-Passwort-2031' });
        expect((await setPassword(counsellor)).status).toBe(200);
        expect(await toldAbout(counsellor.id)).toEqual(sorted(otherAdmin, lead).map((id) => [id, true]));
        expect(await accessNotices(lead)).toEqual([
          {
            accountId: counsellor.id,
            change: 'password_set',
            roles: ['counsellor'],
            added: [],
            byUserId: admin.id,
            byNetworkCoordinator: false,
          },
        ]);
        // An admin's password opens no case: no notice (its holder is told the password changed).
        expect((await setPassword(otherAdmin)).status).toBe(200);
        expect(await toldAbout(otherAdmin.id)).toEqual([]);
      });

      it('one notice, not two, when a reactivation or a new role comes with a password', async () => {
        const lead = await t.createUser(organisation, ['lead']);
        const returning = await t.createUser(organisation, ['counsellor'], { active: false });
        const promoted = await t.createUser(organisation, ['org_admin']);
        const password = 'Ein-ganz-neues-Passwort-2031';
        const patch = (user: TestUser, body: object) => t.http.patch(`${API}/users/${user.id}`).set(bearer(admin)).send(body);
        expect((await patch(returning, { active: true, password })).status).toBe(200);
        // A case role and a password at once.
        expect((await patch(promoted, { roles: ['org_admin', 'counsellor'], password })).status).toBe(200);
        expect(await toldAbout(returning.id)).toEqual(sorted(otherAdmin, promoted, lead).map((id) => [id, true]));
        expect(await toldAbout(promoted.id)).toEqual(sorted(otherAdmin, lead).map((id) => [id, true]));
        const byAdmin = { byUserId: admin.id, byNetworkCoordinator: false, passwordSet: true };
        expect(await accessNotices(lead)).toEqual([
          { accountId: returning.id, change: 'reactivated', roles: ['counsellor'], added: ['counsellor'], ...byAdmin },
          { accountId: promoted.id, change: 'roles_added', roles: ['org_admin', 'counsellor'], added: ['counsellor'], ...byAdmin },
        ]);
      });

      it('when someone else deactivates an account or takes a role from it: the other admins and the leads, else the counsellors', async () => {
        const [lead, leaving, demoted] = await Promise.all([
          t.createUser(organisation, ['lead']),
          t.createUser(organisation, ['counsellor']),
          t.createUser(organisation, ['counsellor', 'lead']),
        ]);
        const patch = (user: TestUser, body: object) => t.http.patch(`${API}/users/${user.id}`).set(bearer(admin)).send(body);
        const told = async (accountId: string) =>
          (
            await t.dataSource.query(
              `SELECT recipient_id FROM notifications WHERE kind = 'account_access_removed' AND data->>'accountId' = $1 ORDER BY 1`,
              [accountId],
            )
          ).map((row: { recipient_id: string }) => row.recipient_id);
        expect((await patch(leaving, { active: false })).status).toBe(200);
        expect(await told(leaving.id)).toEqual(sorted(otherAdmin, lead, demoted));
        const [notice] = (
          (await t.http.get(`${API}/notifications?limit=200`).set(bearer(lead))).body.items as { kind: string; data: object }[]
        ).filter((item) => item.kind === 'account_access_removed');
        expect(notice.data).toEqual({
          accountId: leaving.id,
          change: 'deactivated',
          removed: ['counsellor'],
          roles: ['counsellor'],
          byUserId: admin.id,
          byNetworkCoordinator: false,
        });
        // Taking the case roles away is told like a deactivation.
        expect((await patch(demoted, { roles: ['org_admin'] })).status).toBe(200);
        expect(await told(demoted.id)).toEqual(sorted(otherAdmin, lead));
        // The last lead: the other admins (now two) and the counsellors left.
        expect((await patch(lead, { active: false })).status).toBe(200);
        expect(await told(lead.id)).toEqual(sorted(otherAdmin, demoted, counsellor));
        // An admin taken out: the other admins and the case workers hear of that too.
        expect((await patch(otherAdmin, { active: false })).status).toBe(200);
        expect(await told(otherAdmin.id)).toEqual(sorted(demoted, counsellor));
      });

      it('tells of a role given while the account is reactivated at the same moment', async () => {
        const returning = await t.createUser(organisation, ['org_admin'], { active: false });
        const patch = (body: Record<string, unknown>) => t.http.patch(`${API}/users/${returning.id}`).set(bearer(admin)).send(body);
        const answers = await Promise.all([patch({ active: true }), patch({ roles: ['org_admin', 'counsellor'] })]);
        expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
        // Whichever came second read the first one's result: the counsellor role is in a notice either way.
        const told = (await accessNotices(otherAdmin)).filter((notice) => notice.accountId === returning.id);
        expect(told.some((notice) => (notice.roles as string[]).includes('counsellor'))).toBe(true);
      });

      it('not when access shrinks or the profile changes; a deactivated account only when it is reactivated', async () => {
        const both = await t.createUser(organisation, ['counsellor', 'lead']);
        const patch = (body: Record<string, unknown>) => t.http.patch(`${API}/users/${both.id}`).set(bearer(admin)).send(body);
        expect((await patch({ roles: ['counsellor'], displayName: 'Umbenannt', caseCapacity: 12 })).status).toBe(200);
        expect((await patch({ roles: ['lead', 'counsellor'], active: false })).status).toBe(200);
        expect((await patch({ roles: ['lead', 'counsellor', 'org_admin'] })).status).toBe(200);
        expect(await toldAbout(both.id)).toEqual([]);

        expect((await patch({ active: true })).status).toBe(200);
        expect(await accessNotices(otherAdmin)).toEqual([
          {
            accountId: both.id,
            change: 'reactivated',
            roles: ['lead', 'counsellor', 'org_admin'],
            added: ['lead', 'counsellor', 'org_admin'],
            byUserId: admin.id,
            byNetworkCoordinator: false,
          },
        ]);
        // A lead's access opens the cases: with no other lead, the counsellors are told too.
        expect(await toldAbout(both.id)).toEqual(sorted(otherAdmin, counsellor).map((id) => [id, true]));
      });
    });

    it('needs a token (401)', async () => {
      expectProblem(await t.http.get(`${API}/users`), 401);
      expectProblem(await t.http.get(`${API}/users/${adminA.id}`), 401);
      expectProblem(await t.http.post(`${API}/users`).send(newUser()), 401);
      expectProblem(await t.http.patch(`${API}/users/${adminA.id}`).send({ displayName: 'x' }), 401);
    });
  });
});
