import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { isValidCaseCode } from '@app/cases';
import { createCase, createHandoff } from './support/network';
import { explain, planNodes } from './support/query-plan';
import { ISO_TIMESTAMP, TestApp, bearer, type TestUser } from './support/test-app';

/**
 * Anonymised cases as the counsellors and leads of an organisation use them over HTTP: codes for the
 * client's slip, lists and filters, assignment, notes and the personal-identifier guard, closing,
 * follow-up reminders, auditing and Idempotency-Key.
 */

const API = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** XXXX-XXXX in Crockford base32: no I, L, O, U. */
const CASE_CODE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

interface CaseBody {
  id: string;
  code: string;
  organisationId: string;
  access: 'owner' | 'shared';
  assigneeId: string | null;
  status: string;
  version: number;
  createdAt: string;
  [key: string]: unknown;
}

/** Asserts an RFC 9457 problem with this status (and, if given, a field problem); returns the body. */
function expectProblem(res: Response, status: number, field?: string): Problem {
  expect({ status: res.status, body: res.body }).toEqual({ status, body: expect.anything() });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
  );
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+|QueryFailedError|SELECT |INSERT |UPDATE "|violates/);
  if (field) {
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
  }
  return res.body as Problem;
}

/** Replaces the character at `index` of a displayed code by another symbol of the alphabet. */
function withTypo(code: string, index: number): string {
  const current = code[index];
  const other = CROCKFORD[(CROCKFORD.indexOf(current) + 1) % CROCKFORD.length];
  return code.slice(0, index) + other + code.slice(index + 1);
}

describe('cases', () => {
  let t: TestApp;
  let orgA: string;
  let orgB: string;
  let counsellorA: TestUser;
  let colleagueA: TestUser;
  let leadA: TestUser;
  let adminA: TestUser;
  let counsellorB: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    orgA = await t.createOrganisation({ name: 'Alpha Migrationsberatung e.V.' });
    orgB = await t.createOrganisation({ name: 'Beta Flüchtlingshilfe e.V.' });
    const coordination = await t.createOrganisation({ kind: 'city_department', acceptsReferrals: false });
    [counsellorA, colleagueA, leadA, adminA, counsellorB, coordinator] = await Promise.all([
      t.createUser(orgA, ['counsellor']),
      t.createUser(orgA, ['counsellor']),
      t.createUser(orgA, ['lead']),
      t.createUser(orgA, ['org_admin']),
      t.createUser(orgB, ['counsellor']),
      t.createUser(coordination, ['coordinator']),
    ]);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const getCase = (user: TestUser, idOrCode: string) => t.http.get(`${API}/cases/${encodeURIComponent(idOrCode)}`).set(bearer(user));
  const patchCase = (user: TestUser, id: string, body: Record<string, unknown>) =>
    t.http.patch(`${API}/cases/${id}`).set(bearer(user)).send(body);
  const closeCase = (user: TestUser, id: string, body: Record<string, unknown> = { outcome: 'resolved' }) =>
    t.http.post(`${API}/cases/${id}/close`).set(bearer(user)).send(body);
  const addNote = (user: TestUser, id: string, text: string) => t.http.post(`${API}/cases/${id}/notes`).set(bearer(user)).send({ text });
  const countCasesCreatedBy = async (user: TestUser) =>
    Number((await t.dataSource.query('SELECT count(*)::int AS n FROM cases WHERE created_by_id = $1', [user.id]))[0].n);

  describe('POST /cases', () => {
    it('creates a case with a slip code, assigned to the creating counsellor, open, version 1', async () => {
      const body = {
        needs: ['housing', 'social_benefits'],
        languages: ['ar', 'de'],
        interpreterNeeded: true,
        urgency: 'high',
        district: 'ost',
        ageBand: '27-44',
        gender: 'female',
        residenceStatus: 'recognised_refugee',
        firstContactChannel: 'walk_in',
      };
      const res = await t.http.post(`${API}/cases`).set(bearer(counsellorA)).send(body);
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(
        expect.objectContaining({
          ...body,
          id: expect.stringMatching(UUID),
          code: expect.stringMatching(CASE_CODE),
          organisationId: orgA,
          access: 'owner',
          assigneeId: counsellorA.id,
          status: 'open',
          version: 1,
          followUpOn: null,
          outcome: null,
          closedAt: null,
        }),
      );
      expect(res.body.createdAt).toMatch(ISO_TIMESTAMP);
      // Nothing that could identify the person is echoed or stored.
      for (const field of ['name', 'birthDate', 'phone', 'email', 'address']) expect(res.body).not.toHaveProperty(field);
    });

    it('fills in defaults for a minimal case', async () => {
      const res = await t.http
        .post(`${API}/cases`)
        .set(bearer(counsellorA))
        .send({ needs: ['asylum_procedure'] });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          needs: ['asylum_procedure'],
          languages: [],
          interpreterNeeded: false,
          urgency: 'normal',
          district: null,
          ageBand: null,
          status: 'open',
          assigneeId: counsellorA.id,
          version: 1,
        }),
      );
    });

    it('finds the case by its code, case-insensitively, with or without the dash', async () => {
      const created = await createCase(t, counsellorA);
      const plain = created.code.replace('-', '');
      for (const typed of [created.code, created.code.toLowerCase(), plain, plain.toLowerCase(), created.id]) {
        const res = await getCase(counsellorA, typed);
        expect({ typed, status: res.status }).toEqual({ typed, status: 200 });
        expect(res.body).toEqual(expect.objectContaining({ id: created.id, code: created.code, access: 'owner' }));
      }
    });

    it('refuses a follow-up date in the past (400 naming followUpOn), on create and on change; today is fine', async () => {
      const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
      const refused = await t.http
        .post(`${API}/cases`)
        .set(bearer(counsellorA))
        .send({ needs: ['housing'], followUpOn: '2020-01-01' });
      expect(expectProblem(refused, 400, 'followUpOn').detail).toMatch(/today or later/);
      const mine = await createCase(t, counsellorA, { followUpOn: today });
      expectProblem(
        await t.http.patch(`${API}/cases/${mine.id}`).set(bearer(counsellorA)).send({ followUpOn: '2001-01-01' }),
        400,
        'followUpOn',
      );
      expect(
        (await t.http.patch(`${API}/cases/${mine.id}`).set(bearer(counsellorA)).send({ followUpOn: today, urgency: 'high' })).status,
      ).toBe(200);
    });

    it('says a code with one wrong character is mistyped (400, no case has it), and 404 for a code of no case of ours', async () => {
      const created = await createCase(t, counsellorA);
      for (const index of [0, 3, 5, 8]) {
        const problem = expectProblem(await getCase(counsellorA, withTypo(created.code, index)), 400, 'idOrCode');
        expect(problem.detail).toMatch(/probably mistyped/);
      }
      // Eight letters that read as a code: the answer names both spellings, not only the code's.
      expect(expectProblem(await getCase(counsellorA, 'not-a-uuid'), 400, 'idOrCode').detail).toMatch(
        /^idOrCode is neither a case id \(UUID\) nor a valid case code/,
      );
      expectProblem(await getCase(counsellorA, 'ZZZZ-ZZZ'), 404);
      // Another organisation's code is well formed: it stays a 404, as if it did not exist.
      const theirs = await createCase(t, counsellorB);
      expectProblem(await getCase(counsellorA, theirs.code), 404);
    });

    it.each([
      ['needs', { needs: ['housing', 'astrology'] }, 'astrology'],
      ['languages', { needs: ['housing'], languages: ['ar', 'xx'] }, 'xx'],
      ['district', { needs: ['housing'], district: 'connewitz_sued' }, 'connewitz_sued'],
    ])('refuses an unknown %s code with 400 naming the field', async (field, body, code) => {
      const before = await countCasesCreatedBy(counsellorA);
      const res = await t.http.post(`${API}/cases`).set(bearer(counsellorA)).send(body);
      expect(expectProblem(res, 400, field).detail).toBe(
        `${field} has a code not in /api/v1/reference/${field === 'needs' ? 'domains' : field === 'district' ? 'districts' : field}: ${code}`,
      );
      expect(await countCasesCreatedBy(counsellorA)).toBe(before);
    });

    it.each([
      ['name', 'Amira K.'],
      ['birthDate', '1987-03-12'],
      ['phone', '0176 12345678'],
      ['email', 'amira@example.org'],
      ['address', 'Eisenbahnstraße 12'],
    ])('has no field for personal data: %s is refused with 400', async (field, value) => {
      const before = await countCasesCreatedBy(counsellorA);
      const res = await t.http
        .post(`${API}/cases`)
        .set(bearer(counsellorA))
        .send({ needs: ['housing'], [field]: value });
      const problem = expectProblem(res, 400, field);
      expect(problem.errors).toEqual(expect.arrayContaining([{ field, message: 'is not a known field' }]));
      expect(await countCasesCreatedBy(counsellorA)).toBe(before);
    });

    it('refuses invalid values and a missing needs list with 400', async () => {
      expectProblem(await t.http.post(`${API}/cases`).set(bearer(counsellorA)).send({ district: 'ost' }), 400, 'needs');
      expectProblem(
        await t.http
          .post(`${API}/cases`)
          .set(bearer(counsellorA))
          .send({ needs: ['housing'], urgency: 'asap' }),
        400,
        'urgency',
      );
      expectProblem(
        await t.http
          .post(`${API}/cases`)
          .set(bearer(counsellorA))
          .send({ needs: ['housing'], followUpOn: '2026-02-30' }),
        400,
        'followUpOn',
      );
    });

    it('forbids an org admin without the counsellor role and the coordinator (403)', async () => {
      expectProblem(
        await t.http
          .post(`${API}/cases`)
          .set(bearer(adminA))
          .send({ needs: ['housing'] }),
        403,
      );
      expectProblem(
        await t.http
          .post(`${API}/cases`)
          .set(bearer(coordinator))
          .send({ needs: ['housing'] }),
        403,
      );
      expect(await countCasesCreatedBy(adminA)).toBe(0);
      expect(await countCasesCreatedBy(coordinator)).toBe(0);
    });

    it('needs a token (401)', async () => {
      expectProblem(await t.http.post(`${API}/cases`).send({ needs: ['housing'] }), 401);
    });

    it('lets a lead create an unassigned case or one for a colleague, who is notified', async () => {
      const unassigned = await createCase(t, leadA);
      expect((await getCase(leadA, unassigned.id)).body.assigneeId).toBeNull();

      const forColleague = await createCase(t, leadA, { assigneeId: colleagueA.id });
      expect((await getCase(leadA, forColleague.id)).body.assigneeId).toBe(colleagueA.id);
      const inbox = await t.http.get(`${API}/notifications`).set(bearer(colleagueA));
      expect(inbox.status).toBe(200);
      expect(inbox.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'case_assigned', caseId: forColleague.id, caseCode: forColleague.code })]),
      );
    });

    it('forbids a counsellor to create a case for a colleague (403)', async () => {
      expectProblem(
        await t.http
          .post(`${API}/cases`)
          .set(bearer(counsellorA))
          .send({ needs: ['housing'], assigneeId: colleagueA.id }),
        403,
      );
    });

    it('draws unique codes over 50 cases', async () => {
      const user = await t.createUser(orgA, ['counsellor']);
      const codes: string[] = [];
      for (let i = 0; i < 50; i++) codes.push((await createCase(t, user)).code);
      for (const code of codes) expect(code).toMatch(CASE_CODE);
      expect(new Set(codes).size).toBe(50);
      const stored: { code: string }[] = await t.dataSource.query('SELECT code FROM cases WHERE created_by_id = $1', [user.id]);
      expect(new Set(stored.map((row) => row.code)).size).toBe(50);
    });
  });

  describe('GET /cases', () => {
    let orgF: string;
    let counsellorF: TestUser;
    let colleagueF: TestUser;
    let leadF: TestUser;
    let otherOrgCounsellor: TestUser;
    /** c1..c6 of organisation F. */
    const c: Record<string, { id: string; code: string }> = {};
    const foreign: string[] = [];

    const list = (user: TestUser, query: string) => t.http.get(`${API}/cases?limit=200&${query}`).set(bearer(user));
    const idsOf = (res: Response) => (res.body.items as CaseBody[]).map((item) => item.id);

    beforeAll(async () => {
      orgF = await t.createOrganisation({ name: 'Filterhaus e.V.' });
      const orgG = await t.createOrganisation({ name: 'Nachbarverein e.V.' });
      [counsellorF, colleagueF, leadF, otherOrgCounsellor] = await Promise.all([
        t.createUser(orgF, ['counsellor']),
        t.createUser(orgF, ['counsellor']),
        t.createUser(orgF, ['lead']),
        t.createUser(orgG, ['counsellor']),
      ]);
      c.c1 = await createCase(t, counsellorF, { needs: ['housing'], district: 'ost', urgency: 'normal' });
      c.c2 = await createCase(t, counsellorF, { needs: ['health', 'housing'], district: 'mitte', urgency: 'high' });
      c.c3 = await createCase(t, colleagueF, { needs: ['legal_aid'], district: 'ost', urgency: 'urgent' });
      c.c4 = await createCase(t, leadF, { needs: ['housing'], district: 'west' });
      c.c5 = await createCase(t, counsellorF, { needs: ['debt'], district: 'sued' });
      c.c6 = await createCase(t, counsellorF, { needs: ['debt'], district: 'sued' });
      expect((await patchCase(counsellorF, c.c5.id, { status: 'in_progress' })).status).toBe(200);
      expect((await closeCase(counsellorF, c.c6.id)).body.status).toBe('closed');
      // Cases of another organisation that would match every filter.
      for (const overrides of [
        { needs: ['housing'], district: 'ost' },
        { needs: ['housing'], district: 'ost', urgency: 'high' },
      ]) {
        foreign.push((await createCase(t, otherOrgCounsellor, overrides)).id);
      }
    });

    it.each([
      ['status=open', ['c1', 'c2', 'c3', 'c4']],
      ['status=in_progress', ['c5']],
      ['status=closed', ['c6']],
      ['status=active', ['c1', 'c2', 'c3', 'c4', 'c5']],
      ['assignee=me', ['c1', 'c2', 'c5', 'c6']],
      ['assignee=none', ['c4']],
      ['assignee=<colleague>', ['c3']],
      ['domain=housing', ['c1', 'c2', 'c4']],
      ['domain=debt', ['c5', 'c6']],
      ['district=ost', ['c1', 'c3']],
      ['urgency=high', ['c2']],
      ['urgency=urgent', ['c3']],
      ['status=active&domain=housing&district=ost', ['c1']],
      ['assignee=me&status=active&domain=debt', ['c5']],
      ['', ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']],
    ])('?%s returns exactly the matching cases of the own organisation', async (query, expected) => {
      const res = await list(counsellorF, query.replace('<colleague>', colleagueF.id));
      expect(res.status).toBe(200);
      expect(idsOf(res).sort()).toEqual(expected.map((key) => c[key].id).sort());
      expect((res.body.items as CaseBody[]).every((item) => item.organisationId === orgF && item.access === 'owner')).toBe(true);
      expect(res.body.nextCursor).toBeNull();
    });

    it('never lists cases of another organisation, even when filtering by its user', async () => {
      const everything = await list(counsellorF, '');
      for (const id of foreign) expect(idsOf(everything)).not.toContain(id);
      const byForeignUser = await list(counsellorF, `assignee=${otherOrgCounsellor.id}`);
      expect(byForeignUser.status).toBe(200);
      expect(byForeignUser.body.items).toEqual([]);
      const theirs = await list(otherOrgCounsellor, '');
      expect(idsOf(theirs).sort()).toEqual([...foreign].sort());
    });

    it('lets a lead filter by assignee the same way', async () => {
      expect(idsOf(await list(leadF, 'assignee=me'))).toEqual([]);
      expect(idsOf(await list(leadF, 'assignee=none'))).toEqual([c.c4.id]);
      expect(idsOf(await list(leadF, `assignee=${counsellorF.id}`)).sort()).toEqual([c.c1.id, c.c2.id, c.c5.id, c.c6.id].sort());
    });

    it('finds a case by the beginning of its code (q), case- and dash-insensitively', async () => {
      const code = c.c3.code;
      for (const q of [code.slice(0, 6), code.slice(0, 6).toLowerCase(), code.replace('-', '').slice(0, 5), code, code.toLowerCase()]) {
        const res = await list(counsellorF, `q=${encodeURIComponent(q)}`);
        expect({ q, status: res.status }).toEqual({ q, status: 200 });
        expect(idsOf(res)).toEqual([c.c3.id]);
      }
      const prefix = code.slice(0, 2);
      const expected = Object.values(c)
        .filter((item) => item.code.startsWith(prefix))
        .map((item) => item.id)
        .sort();
      expect(idsOf(await list(counsellorF, `q=${prefix}`)).sort()).toEqual(expected);
      // Another organisation's code is not found by its owner's neighbours.
      const foreignCode = (await getCase(otherOrgCounsellor, foreign[0])).body.code as string;
      expect((await list(counsellorF, `q=${foreignCode}`)).body.items).toEqual([]);
    });

    it("searches by the code's first characters in the code's own index, whatever the database's collation", async () => {
      // Without text_pattern_ops (or the "C" collation) Postgres cannot use a btree for LIKE 'ABC%' and
      // read every case of the organisation: 825 ms for the biggest one of the large data set.
      const plan = await t.dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        return explain(manager, `SELECT id FROM cases WHERE code LIKE $1`, ['TSAP%']);
      });
      expect(planNodes(plan).filter((node) => node['Index Cond']?.includes('code'))).toEqual([
        expect.objectContaining({ 'Index Name': 'cases_code_unique' }),
      ]);
    });

    it('reads the usual misreadings (O, I, L, U) in a code search as they are read in a lookup', async () => {
      // A slip code with 1, 0 and V, as a client might read it out: "IOU…" or "LOU…".
      const orgM = await t.createOrganisation();
      const user = await t.createUser(orgM, ['counsellor']);
      const body = '10VK7QM';
      const check = [...CROCKFORD].find((symbol) => isValidCaseCode(body + symbol))!;
      const mine = await createCase(t, user);
      await t.dataSource.query('UPDATE cases SET code = $2 WHERE id = $1', [mine.id, body + check]);
      const lookup = await getCase(user, `IOUK-7QM${check}`);
      expect(lookup.status).toBe(200);
      expect(lookup.body).toEqual(expect.objectContaining({ id: mine.id, code: `10VK-7QM${check}` }));
      for (const q of ['10VK', 'IOUK', 'lou', 'IOUK-7Q']) {
        const res = await list(user, `q=${encodeURIComponent(q)}`);
        expect({ q, ids: idsOf(res) }).toEqual({ q, ids: [mine.id] });
      }
    });

    it.each(['domain=astrology', 'district=connewitz_sued'])(
      'refuses the unknown reference code ?%s with 400, as the directory does',
      async (query) => {
        expectProblem(await t.http.get(`${API}/cases?${query}`).set(bearer(counsellorF)), 400, query.split('=')[0]);
      },
    );

    it('walks all cases with limit=2, newest first, without duplicates', async () => {
      const seen: CaseBody[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Response = await t.http.get(`${API}/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(counsellorF));
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      const ids = seen.map((item) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(
        Object.values(c)
          .map((item) => item.id)
          .sort(),
      );
      const times = seen.map((item) => Date.parse(item.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    it('returns the same order page by page as in one page', async () => {
      const all = idsOf(await list(counsellorF, ''));
      const walked: string[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t.http.get(`${API}/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(counsellorF));
        walked.push(...idsOf(res));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(walked).toEqual(all);
      expect(all).toEqual([c.c6, c.c5, c.c4, c.c3, c.c2, c.c1].map((item) => item.id));
    });

    it('does not skip cases created within the same millisecond when paging', async () => {
      // Busy organisations create cases concurrently; created_at has microseconds, JSON dates only milliseconds.
      const orgH = await t.createOrganisation();
      const user = await t.createUser(orgH, ['counsellor']);
      const created = [await createCase(t, user), await createCase(t, user), await createCase(t, user)];
      const micros = ['2026-11-20T10:00:00.123400Z', '2026-11-20T10:00:00.123500Z', '2026-11-20T10:00:00.123600Z'];
      for (const [index, item] of created.entries()) {
        await t.dataSource.query('UPDATE cases SET created_at = $2 WHERE id = $1', [item.id, micros[index]]);
      }
      const walked: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Response = await t.http.get(`${API}/cases?limit=1${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(user));
        expect(res.status).toBe(200);
        walked.push(...idsOf(res));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      // Stored at millisecond precision, rows may share a created_at: the id breaks the tie, and none is skipped.
      expect([...walked].sort()).toEqual(created.map((item) => item.id).sort());
      expect(walked).toEqual(idsOf(await list(user, '')));
    });

    const forgedCursor = (position: unknown[]) => `cursor=${Buffer.from(JSON.stringify(position)).toString('base64url')}`;
    const SOME_UUID = '00000000-0000-4000-8000-000000000000';

    it.each([
      'status=bogus',
      'status=CLOSED',
      'urgency=asap',
      'assignee=someone',
      'assignee=12345',
      'domain=Not%20A%20Code',
      'district=%27%3B%20DROP',
      'q=%25',
      'q=x',
      'limit=0',
      'limit=201',
      'limit=abc',
      'cursor=%21%21',
      'colour=red',
    ])('refuses ?%s with 400', async (query) => {
      expectProblem(await t.http.get(`${API}/cases?${query}`).set(bearer(counsellorF)), 400);
    });

    it.each([
      ['garbage', ['not-a-time', 'not-a-uuid']],
      ['a bare number as time', ['1', SOME_UUID]],
      ['an impossible date', ['Mon, 32 Dec 2026', SOME_UUID]],
      ['too few parts', [new Date().toISOString()]],
    ])('answers 400, not a server error, for a forged cursor (%s)', async (_label, position) => {
      expectProblem(await t.http.get(`${API}/cases?${forgedCursor(position)}`).set(bearer(counsellorF)), 400, 'cursor');
    });

    it('forbids the org admin and the coordinator to list cases (403)', async () => {
      expectProblem(await t.http.get(`${API}/cases`).set(bearer(adminA)), 403);
      expectProblem(await t.http.get(`${API}/cases`).set(bearer(coordinator)), 403);
    });
  });

  describe('GET /cases/:idOrCode', () => {
    it("answers 404 for another organisation's case, exactly as for a case that does not exist", async () => {
      const theirs = await createCase(t, counsellorB);
      const foreign = await getCase(counsellorA, theirs.id);
      const unknown = await getCase(counsellorA, randomUUID());
      expectProblem(foreign, 404);
      expectProblem(unknown, 404);
      expect(foreign.body).toEqual(unknown.body);
      const byCode = await getCase(counsellorA, theirs.code);
      expectProblem(byCode, 404);
      expect(byCode.body).toEqual(unknown.body);
      expect(JSON.stringify(foreign.body)).not.toContain(theirs.code);
    });

    it("returns the own organisation's case with access 'owner', also to a colleague and a lead", async () => {
      const mine = await createCase(t, counsellorA, { urgency: 'urgent' });
      for (const reader of [counsellorA, colleagueA, leadA]) {
        const res = await getCase(reader, mine.id);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(
          expect.objectContaining({ id: mine.id, code: mine.code, organisationId: orgA, access: 'owner', urgency: 'urgent' }),
        );
      }
    });

    it('forbids the org admin and the coordinator to read case content (403)', async () => {
      const mine = await createCase(t, counsellorA);
      expectProblem(await getCase(adminA, mine.id), 403);
      expectProblem(await getCase(coordinator, mine.id), 403);
    });

    it('writes a case.read audit entry for every read', async () => {
      const mine = await createCase(t, counsellorA);
      expect((await getCase(colleagueA, mine.id)).status).toBe(200);
      expect((await getCase(counsellorA, mine.code)).status).toBe(200);
      const rows: { action: string; actor_id: string }[] = await t.dataSource.query(
        'SELECT action, actor_id FROM audit_log WHERE case_id = $1 ORDER BY id',
        [mine.id],
      );
      const reads = rows.filter((row) => row.action === 'case.read');
      expect(reads.map((row) => row.actor_id)).toEqual([colleagueA.id, counsellorA.id]);
      expect(rows.map((row) => row.action)).toContain('case.created');
      expect((await t.http.get(`${API}/cases/${mine.id}/timeline`).set(bearer(leadA))).status).toBe(200);
      const [timelineRead] = await t.dataSource.query(
        `SELECT actor_id FROM audit_log WHERE case_id = $1 AND action = 'case.timeline_read'`,
        [mine.id],
      );
      expect(timelineRead.actor_id).toBe(leadA.id);
    });

    it('does not audit a failed read of another organisation as a read of that case', async () => {
      const theirs = await createCase(t, counsellorB);
      expectProblem(await getCase(counsellorA, theirs.id), 404);
      const rows: { action: string }[] = await t.dataSource.query(
        `SELECT action FROM audit_log WHERE case_id = $1 AND action = 'case.read'`,
        [theirs.id],
      );
      expect(rows).toEqual([]);
    });
  });

  describe('PATCH /cases/:id', () => {
    it('changes fields and increments the version', async () => {
      const mine = await createCase(t, counsellorA);
      const res = await patchCase(counsellorA, mine.id, {
        version: 1,
        urgency: 'high',
        status: 'waiting',
        needs: ['housing', 'debt'],
        district: 'nord',
        interpreterNeeded: true,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: mine.id,
          urgency: 'high',
          status: 'waiting',
          needs: ['housing', 'debt'],
          district: 'nord',
          interpreterNeeded: true,
          version: 2,
        }),
      );
      // The answer is the case as stored, down to its new update time.
      expect((await getCase(counsellorA, mine.id)).body).toEqual(res.body);
      expect(res.body.updatedAt).not.toBe(mine.updatedAt);
      const second = await patchCase(counsellorA, mine.id, { version: 2, district: null });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(expect.objectContaining({ district: null, version: 3 }));
    });

    it('answers 409 for a stale version and changes nothing', async () => {
      const mine = await createCase(t, counsellorA);
      expect((await patchCase(counsellorA, mine.id, { version: 1, urgency: 'high' })).status).toBe(200);
      const stale = await patchCase(colleagueA, mine.id, { version: 1, urgency: 'urgent' });
      expect(expectProblem(stale, 409).type).toBe('/problems/stale-version');
      expect((await getCase(counsellorA, mine.id)).body).toEqual(expect.objectContaining({ urgency: 'high', version: 2 }));
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const mine = await createCase(t, counsellorA);
      const [first, second] = await Promise.all([
        patchCase(counsellorA, mine.id, { version: 1, urgency: 'high' }),
        patchCase(colleagueA, mine.id, { version: 1, urgency: 'urgent' }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const winner = first.status === 200 ? first : second;
      expectProblem(first.status === 200 ? second : first, 409);
      expect((await getCase(counsellorA, mine.id)).body).toEqual(expect.objectContaining({ urgency: winner.body.urgency, version: 2 }));
    });

    it("refuses status 'closed' with 400 (closing has its own endpoint)", async () => {
      const mine = await createCase(t, counsellorA);
      expectProblem(await patchCase(counsellorA, mine.id, { status: 'closed' }), 400, 'status');
      expect((await getCase(counsellorA, mine.id)).body.status).toBe('open');
    });

    it('refuses unknown fields, codes and bad values with 400', async () => {
      const mine = await createCase(t, counsellorA);
      expectProblem(await patchCase(counsellorA, mine.id, { name: 'Amira K.' }), 400, 'name');
      expectProblem(await patchCase(counsellorA, mine.id, { code: 'AAAA-AAAA' }), 400, 'code');
      expectProblem(await patchCase(counsellorA, mine.id, { organisationId: orgB }), 400, 'organisationId');
      expectProblem(await patchCase(counsellorA, mine.id, { needs: ['astrology'] }), 400, 'needs');
      expectProblem(await patchCase(counsellorA, mine.id, { version: 0 }), 400, 'version');
      expectProblem(await patchCase(counsellorA, mine.id, { followUpOn: '12.03.2027' }), 400, 'followUpOn');
      expectProblem(await patchCase(counsellorA, 'not-a-uuid', { urgency: 'high' }), 400);
      expect((await getCase(counsellorA, mine.id)).body.version).toBe(1);
    });

    it("answers 404 for another organisation's case and changes nothing", async () => {
      const theirs = await createCase(t, counsellorB);
      const res = await patchCase(counsellorA, theirs.id, { urgency: 'urgent' });
      expectProblem(res, 404);
      expect(res.body).toEqual((await patchCase(counsellorA, randomUUID(), { urgency: 'urgent' })).body);
      expect((await getCase(counsellorB, theirs.id)).body).toEqual(expect.objectContaining({ urgency: 'normal', version: 1 }));
    });

    it('forbids a counsellor to reassign a case not assigned to them (403)', async () => {
      const colleagues = await createCase(t, colleagueA);
      expectProblem(await patchCase(counsellorA, colleagues.id, { assigneeId: counsellorA.id }), 403);
      expectProblem(await patchCase(counsellorA, colleagues.id, { assigneeId: null }), 403);
      expect((await getCase(counsellorA, colleagues.id)).body.assigneeId).toBe(colleagueA.id);
    });

    it('lets a counsellor hand their own case to a colleague, who is notified', async () => {
      const mine = await createCase(t, counsellorA);
      const res = await patchCase(counsellorA, mine.id, { assigneeId: colleagueA.id });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ assigneeId: colleagueA.id, version: 2 }));
      const inbox = await t.http.get(`${API}/notifications`).set(bearer(colleagueA));
      expect(inbox.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'case_assigned', caseId: mine.id, caseCode: mine.code })]),
      );
    });

    it('lets a counsellor take an unassigned case for themself', async () => {
      const unassigned = await createCase(t, leadA);
      const res = await patchCase(counsellorA, unassigned.id, { assigneeId: counsellorA.id });
      expect(res.status).toBe(200);
      expect(res.body.assigneeId).toBe(counsellorA.id);
      // ... but not give it to someone else.
      const another = await createCase(t, leadA);
      expectProblem(await patchCase(counsellorA, another.id, { assigneeId: colleagueA.id }), 403);
    });

    it('lets a lead reassign any case; the new assignee is notified with the case code', async () => {
      const user = await t.createUser(orgA, ['counsellor']);
      const colleagues = await createCase(t, colleagueA);
      const res = await patchCase(leadA, colleagues.id, { assigneeId: user.id });
      expect(res.status).toBe(200);
      expect(res.body.assigneeId).toBe(user.id);
      const inbox = await t.http.get(`${API}/notifications`).set(bearer(user));
      expect(inbox.status).toBe(200);
      expect(inbox.body.items).toEqual([
        expect.objectContaining({ kind: 'case_assigned', caseId: colleagues.id, caseCode: colleagues.code, readAt: null }),
      ]);

      const timeline = await t.http.get(`${API}/cases/${colleagues.id}/timeline`).set(bearer(leadA));
      expect(timeline.body.items.map((e: { kind: string }) => e.kind)).toEqual(['created', 'assigned']);
    });

    it('refuses an assignee of another organisation, an inactive one or one without a case role (422)', async () => {
      const inactive = await t.createUser(orgA, ['counsellor'], { active: false });
      const adminOnly = adminA;
      const mine = await createCase(t, counsellorA);
      for (const assignee of [counsellorB, inactive, adminOnly]) {
        const res = await patchCase(leadA, mine.id, { assigneeId: assignee.id });
        const problem = expectProblem(res, 422, 'assigneeId');
        expect(problem.type).toBe('/problems/assignee-invalid');
      }
      expectProblem(await patchCase(leadA, mine.id, { assigneeId: randomUUID() }), 422, 'assigneeId');
      expect((await getCase(counsellorA, mine.id)).body).toEqual(expect.objectContaining({ assigneeId: counsellorA.id, version: 1 }));
      const [notified] = await t.dataSource.query('SELECT count(*)::int AS n FROM notifications WHERE recipient_id = ANY($1)', [
        [counsellorB.id, inactive.id],
      ]);
      expect(notified.n).toBe(0);
    });

    it('forbids the org admin to change a case (403)', async () => {
      const mine = await createCase(t, counsellorA);
      expectProblem(await patchCase(adminA, mine.id, { urgency: 'high' }), 403);
    });
  });

  describe('notes and timeline', () => {
    it('adds a note that appears after the created event, with its author', async () => {
      const mine = await createCase(t, counsellorA);
      const res = await addNote(colleagueA, mine.id, '  Erstgespräch geführt, Unterlagen zur Wohnungssuche fehlen noch.  ');
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          kind: 'note',
          actorId: colleagueA.id,
          actorOrganisationId: orgA,
          text: 'Erstgespräch geführt, Unterlagen zur Wohnungssuche fehlen noch.',
        }),
      );
      expect(res.body.occurredAt).toMatch(ISO_TIMESTAMP);

      const timeline = await t.http.get(`${API}/cases/${mine.id}/timeline`).set(bearer(counsellorA));
      expect(timeline.status).toBe(200);
      expect(timeline.body.items).toEqual([
        expect.objectContaining({ kind: 'created', actorId: counsellorA.id }),
        expect.objectContaining({
          id: res.body.id,
          kind: 'note',
          actorId: colleagueA.id,
          text: 'Erstgespräch geführt, Unterlagen zur Wohnungssuche fehlen noch.',
        }),
      ]);
    });

    it('pages the timeline in order', async () => {
      const mine = await createCase(t, counsellorA);
      for (const text of ['Eins', 'Zwei', 'Drei']) expect((await addNote(counsellorA, mine.id, text)).status).toBe(201);
      const texts: (string | null)[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t.http
          .get(`${API}/cases/${mine.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(counsellorA));
        expect(res.status).toBe(200);
        texts.push(...res.body.items.map((e: { text: string | null }) => e.text));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(texts).toEqual([null, 'Eins', 'Zwei', 'Drei']);
    });

    it('answers 400, not a server error, for a forged timeline cursor', async () => {
      const mine = await createCase(t, counsellorA);
      const positions = [['not-a-number'], ['1e99'], ['99999999999999999999'], [42], []];
      const statuses: number[] = [];
      for (const position of positions) {
        const cursor = Buffer.from(JSON.stringify(position)).toString('base64url');
        statuses.push((await t.http.get(`${API}/cases/${mine.id}/timeline?cursor=${cursor}`).set(bearer(counsellorA))).status);
      }
      expect(statuses).toEqual(positions.map(() => 400));
    });

    it.each([
      ['an e-mail address', 'Klientin erreichbar unter amira.k@web.de, bitte zurückmelden.', /e-?mail/i, ['amira.k@web.de']],
      ['a mobile phone number', 'Rückruf unter 0176 12345678 erbeten.', /phone/i, ['0176 12345678', '017612345678']],
      ['an international phone number', 'Bruder in Kyjiw: +380 44 123 4567', /phone/i, ['+380 44 123 4567']],
      [
        'an IBAN',
        'Erstattung auf DE89 3704 0044 0532 0130 00 überweisen.',
        /IBAN/i,
        ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
      ],
      ['a birth date', 'Klient (geb. 12.03.1987) kommt aus Aleppo.', /birth/i, ['12.03.1987']],
      ['a street address', 'Wohnt in der Eisenbahnstraße 12, 3. OG.', /address/i, ['Eisenbahnstraße 12']],
      // Written in the client's script or with look-alike characters: the same identifiers.
      ['a birth date in Arabic digits', 'geboren am ١٢.٠٣.١٩٨٥ in Aleppo', /birth/i, ['١٢.٠٣.١٩٨٥']],
      ['a phone number in Persian digits', 'شماره تماس ۰۱۷۶۱۲۳۴۵۶۷۸', /phone/i, ['۰۱۷۶۱۲۳۴۵۶۷۸']],
      ['an e-mail address with a fullwidth @', 'Kontakt: ali＠gmail.com', /e-?mail/i, ['ali＠gmail.com']],
      ['an e-mail address with a zero-width space', 'Kontakt: ali\u200B@gmail.com', /e-?mail/i, ['gmail.com']],
    ])('refuses a note with %s (422) without echoing it', async (_what, text, kind, secrets) => {
      const mine = await createCase(t, counsellorA);
      const res = await addNote(counsellorA, mine.id, text);
      const problem = expectProblem(res, 422, 'text');
      expect(problem.type).toBe('/problems/personal-identifier');
      expect(problem.errors?.[0].field).toBe('text');
      expect(problem.errors?.[0].message).toMatch(kind);
      expect(problem.errors?.[0].message).toMatch(/\d+\s*-\s*\d+/); // where it was found
      const echoed = JSON.stringify(res.body);
      for (const secret of secrets) expect(echoed).not.toContain(secret);
      const timeline = await t.http.get(`${API}/cases/${mine.id}/timeline`).set(bearer(counsellorA));
      expect(timeline.body.items.map((e: { kind: string }) => e.kind)).toEqual(['created']);
    });

    it('lists every identifier found in a note', async () => {
      const mine = await createCase(t, counsellorA);
      const res = await addNote(counsellorA, mine.id, 'Mail: amira.k@web.de, Handy 0176 12345678');
      const problem = expectProblem(res, 422, 'text');
      expect(problem.errors).toHaveLength(2);
      expect(problem.errors?.map((error) => error.field)).toEqual(['text', 'text']);
      expect(problem.errors?.[0].message).toMatch(/e-?mail/i);
      expect(problem.errors?.[1].message).toMatch(/phone/i);
    });

    it('refuses a note with an ID number (422)', async () => {
      const mine = await createCase(t, counsellorA);
      const res = await addNote(counsellorA, mine.id, 'Ausweisnummer L01X00T47 liegt vor.');
      const problem = expectProblem(res, 422, 'text');
      expect(problem.type).toBe('/problems/personal-identifier');
      expect(JSON.stringify(res.body)).not.toContain('L01X00T47');
    });

    it('says how to write an old date that is an event, and then takes it', async () => {
      const mine = await createCase(t, counsellorA);
      const problem = expectProblem(await addNote(counsellorA, mine.id, 'Klient 12.03.2019, danach Umzug'), 422, 'text');
      expect(problem.errors?.[0].message).toMatch(/birth date .* name the event right before it/);
      expect((await addNote(counsellorA, mine.id, 'Einreise am 12.03.2019, danach Umzug')).status).toBe(201);
    });

    it('accepts ordinary text with dates, times, amounts and paragraphs', async () => {
      const mine = await createCase(t, counsellorA);
      for (const text of [
        // Case history: events of past years, named as counsellors write them.
        'Erstgespräch am 12.03.2024 geführt; Hausbesuch am 20.09.2024.',
        'Duldung erteilt am 12.03.2023, Einreise nach Deutschland am 15.08.2015.',
        'Last contact 03/04/2024, no answer since. We met on 12 March 2024 to discuss housing.',
        'Termin am 14.11.2026 um 14:30 Uhr, Miete 563 €, § 24 AufenthG',
        'Antrag nach § 22 SGB II gestellt; Frist bis 31.01.2027. Wartezeit ca. 6-8 Wochen, 2 Kinder (4 und 7 Jahre).',
        'Sprechstunde Raum 12, Haus B; Kurs B1 ab 03.02.2027 (Mo-Fr 8:30-12:45).',
      ]) {
        const res = await addNote(counsellorA, mine.id, text);
        expect({ text, status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ text, status: 201, body: null });
      }
    });

    it('refuses empty, too long and non-string notes with 400', async () => {
      const mine = await createCase(t, counsellorA);
      expectProblem(await addNote(counsellorA, mine.id, '   '), 400, 'text');
      expectProblem(await addNote(counsellorA, mine.id, 'a'.repeat(4001)), 400, 'text');
      expectProblem(await t.http.post(`${API}/cases/${mine.id}/notes`).set(bearer(counsellorA)).send({ text: 42 }), 400, 'text');
      expectProblem(
        await t.http.post(`${API}/cases/${mine.id}/notes`).set(bearer(counsellorA)).send({ text: 'ok', author: 'x' }),
        400,
        'author',
      );
    });

    it("answers 404 for notes and the timeline of another organisation's case", async () => {
      const theirs = await createCase(t, counsellorB);
      expectProblem(await addNote(counsellorA, theirs.id, 'Hallo'), 404);
      expectProblem(await t.http.get(`${API}/cases/${theirs.id}/timeline`).set(bearer(counsellorA)), 404);
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND kind = 'note'`, [
        theirs.id,
      ]);
      expect(row.n).toBe(0);
    });

    it('refuses a note on a closed case (409)', async () => {
      const mine = await createCase(t, counsellorA);
      expect((await closeCase(counsellorA, mine.id)).body.status).toBe('closed');
      expect(expectProblem(await addNote(counsellorA, mine.id, 'Nachtrag'), 409).type).toBe('/problems/case-closed');
    });
  });

  describe('POST /cases/:id/close', () => {
    it('closes the case with an outcome (200); closing again is 409, and so is any change', async () => {
      const mine = await createCase(t, counsellorA);
      const res = await closeCase(counsellorA, mine.id, { outcome: 'resolved', comment: 'Wohnung gefunden.' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ id: mine.id, status: 'closed', outcome: 'resolved', version: 2 }));
      expect(res.body.closedAt).toMatch(ISO_TIMESTAMP);

      expect(expectProblem(await closeCase(counsellorA, mine.id), 409).type).toBe('/problems/case-closed');
      expect(expectProblem(await patchCase(counsellorA, mine.id, { urgency: 'high' }), 409).type).toBe('/problems/case-closed');
      expectProblem(await patchCase(leadA, mine.id, { status: 'open' }), 409);
      expect((await getCase(counsellorA, mine.id)).body).toEqual(res.body);
      // The list reads its timestamps as text, the close answer writes a Date: the same to the millisecond.
      const listed = await t.http.get(`${API}/cases?status=closed&q=${mine.code}`).set(bearer(counsellorA));
      expect(listed.body.items).toEqual([res.body]);

      const timeline = await t.http.get(`${API}/cases/${mine.id}/timeline`).set(bearer(counsellorA));
      expect(timeline.body.items.at(-1)).toEqual(
        expect.objectContaining({ kind: 'closed', text: 'Wohnung gefunden.', data: { outcome: 'resolved' } }),
      );
    });

    it('refuses a missing or unknown outcome with 400', async () => {
      const mine = await createCase(t, counsellorA);
      expectProblem(await closeCase(counsellorA, mine.id, {}), 400, 'outcome');
      expectProblem(await closeCase(counsellorA, mine.id, { outcome: 'happy' }), 400, 'outcome');
      expect((await getCase(counsellorA, mine.id)).body.status).toBe('open');
    });

    it('refuses a closing comment with a personal identifier (422)', async () => {
      const mine = await createCase(t, counsellorA);
      const res = await closeCase(counsellorA, mine.id, { outcome: 'resolved', comment: 'Neue Nummer: 0176 12345678' });
      expect(expectProblem(res, 422, 'comment').type).toBe('/problems/personal-identifier');
      expect((await getCase(counsellorA, mine.id)).body.status).toBe('open');
    });

    it('refuses to close a case with a pending hand-off (422)', async () => {
      const handoff = await createHandoff(t, counsellorA, orgB);
      const res = await closeCase(counsellorA, handoff.caseId);
      expect(expectProblem(res, 422).type).toBe('/problems/pending-handoffs');
      expect((await getCase(counsellorA, handoff.caseId)).body.status).not.toBe('closed');
    });

    it('closes the case once its pending hand-off was withdrawn', async () => {
      const handoff = await createHandoff(t, counsellorA, orgB);
      const withdrawn = await t.http.post(`${API}/handoffs/${handoff.id}/withdraw`).set(bearer(counsellorA)).send({});
      expect(withdrawn.status).toBe(200);
      const res = await closeCase(counsellorA, handoff.caseId, { outcome: 'referred_elsewhere' });
      expect(res.body).toEqual(expect.objectContaining({ status: 'closed', outcome: 'referred_elsewhere' }));
    });

    it('closes a case once when two people close it at the same time', async () => {
      const mine = await createCase(t, counsellorA);
      const responses = await Promise.all([closeCase(counsellorA, mine.id), closeCase(colleagueA, mine.id, { outcome: 'other' })]);
      const succeeded = responses.filter((res) => res.status < 300);
      expect(succeeded).toHaveLength(1);
      expectProblem(
        responses.find((res) => res.status >= 300)!,
        409,
      );
      const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND kind = 'closed'`, [
        mine.id,
      ]);
      expect(row.n).toBe(1);
    });

    it("answers 404 for another organisation's case and 403 for the org admin", async () => {
      const theirs = await createCase(t, counsellorB);
      expectProblem(await closeCase(counsellorA, theirs.id), 404);
      expectProblem(await closeCase(adminA, theirs.id), 403);
      expect((await getCase(counsellorB, theirs.id)).body.status).toBe('open');
    });
  });

  describe('follow-up reminders', () => {
    const remindersOf = async (caseId: string): Promise<{ kind: string; status: string; due_at: Date }[]> =>
      t.dataSource.query('SELECT kind, status, due_at FROM reminders WHERE case_id = $1', [caseId]);

    it('schedules a case_follow_up reminder at 08:00 Europe/Berlin of the date, and moves it', async () => {
      const mine = await createCase(t, counsellorA);
      expect(await remindersOf(mine.id)).toEqual([]);
      const res = await patchCase(counsellorA, mine.id, { followUpOn: '2026-12-15' });
      expect(res.status).toBe(200);
      expect(res.body.followUpOn).toBe('2026-12-15');
      // Winter time: CET = UTC+1.
      expect(await remindersOf(mine.id)).toEqual([
        { kind: 'case_follow_up', status: 'scheduled', due_at: new Date('2026-12-15T07:00:00.000Z') },
      ]);

      expect((await patchCase(counsellorA, mine.id, { followUpOn: '2027-06-15' })).status).toBe(200);
      // Summer time: CEST = UTC+2; still one reminder.
      expect(await remindersOf(mine.id)).toEqual([
        { kind: 'case_follow_up', status: 'scheduled', due_at: new Date('2027-06-15T06:00:00.000Z') },
      ]);
    });

    it('schedules the reminder for a follow-up date given at creation', async () => {
      const mine = await createCase(t, counsellorA, { followUpOn: '2027-03-29' });
      // The day after the change to summer time.
      expect(await remindersOf(mine.id)).toEqual([
        { kind: 'case_follow_up', status: 'scheduled', due_at: new Date('2027-03-29T06:00:00.000Z') },
      ]);
    });

    it('cancels the reminder when the follow-up date is cleared', async () => {
      const mine = await createCase(t, counsellorA, { followUpOn: '2026-12-15' });
      const res = await patchCase(counsellorA, mine.id, { followUpOn: null });
      expect(res.status).toBe(200);
      expect(res.body.followUpOn).toBeNull();
      expect(await remindersOf(mine.id)).toEqual([expect.objectContaining({ kind: 'case_follow_up', status: 'cancelled' })]);
    });

    it('cancels the reminder when the case is closed', async () => {
      const mine = await createCase(t, counsellorA);
      expect((await patchCase(counsellorA, mine.id, { followUpOn: '2026-12-15' })).status).toBe(200);
      expect((await closeCase(counsellorA, mine.id, { outcome: 'client_withdrew' })).body.status).toBe('closed');
      expect(await remindersOf(mine.id)).toEqual([expect.objectContaining({ kind: 'case_follow_up', status: 'cancelled' })]);
    });
  });

  describe('Idempotency-Key on POST /cases', () => {
    const body = { needs: ['housing'], languages: ['uk'], district: 'west' };
    const post = (user: TestUser, key: string, payload: Record<string, unknown> = body) =>
      t.http.post(`${API}/cases`).set(bearer(user)).set('Idempotency-Key', key).send(payload);

    it('replays the first answer for the same key and body, creating one case', async () => {
      const user = await t.createUser(orgA, ['counsellor']);
      const key = `create-case-${randomUUID()}`;
      const first = await post(user, key);
      expect(first.status).toBe(201);
      expect(first.headers['idempotency-replayed']).toBeUndefined();
      const again = await post(user, key);
      expect(again.status).toBe(201);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(again.body.code).toBe(first.body.code);
      expect(await countCasesCreatedBy(user)).toBe(1);
      // The same fields in another order (another client library, a retry built anew) are the same body.
      const reordered = await post(user, key, { district: 'west', languages: ['uk'], needs: ['housing'] });
      expect({ status: reordered.status, replayed: reordered.headers['idempotency-replayed'] }).toEqual({ status: 201, replayed: 'true' });
      expect(await countCasesCreatedBy(user)).toBe(1);

      // The same key with a different body is a client mistake.
      const reused = await post(user, key, { ...body, urgency: 'urgent' });
      expect(expectProblem(reused, 422).type).toBe('/problems/idempotency-key-reused');
      expect(await countCasesCreatedBy(user)).toBe(1);

      // Without a key, the same body creates another case.
      expect((await t.http.post(`${API}/cases`).set(bearer(user)).send(body)).status).toBe(201);
      expect(await countCasesCreatedBy(user)).toBe(2);
    });

    it("keeps keys per user: another user's identical key creates their own case", async () => {
      const [first, second] = await Promise.all([t.createUser(orgA, ['counsellor']), t.createUser(orgB, ['counsellor'])]);
      const key = `shared-key-${randomUUID()}`;
      const mine = await post(first, key);
      const theirs = await post(second, key);
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(theirs.headers['idempotency-replayed']).toBeUndefined();
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.body.organisationId).toBe(orgB);
      expect(await countCasesCreatedBy(first)).toBe(1);
      expect(await countCasesCreatedBy(second)).toBe(1);
    });

    it.each(['x', 'short', 'has spaces in it', 'ü'.repeat(10), 'k'.repeat(129)])('refuses the malformed key %j with 400', async (key) => {
      const user = await t.createUser(orgA, ['counsellor']);
      expectProblem(await post(user, key), 400);
      expect(await countCasesCreatedBy(user)).toBe(0);
    });

    it('does not burn a key on a failed request', async () => {
      const user = await t.createUser(orgA, ['counsellor']);
      const key = `retry-${randomUUID()}`;
      expectProblem(await post(user, key, { needs: ['astrology'] }), 400, 'needs');
      const retry = await post(user, key);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotency-replayed']).toBeUndefined();
      expect(await countCasesCreatedBy(user)).toBe(1);
    });

    it('forgets a key after 24 hours', async () => {
      const user = await t.createUser(orgA, ['counsellor']);
      const key = `old-key-${randomUUID()}`;
      const first = await post(user, key);
      expect(first.status).toBe(201);
      await t.dataSource.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1`, [user.id]);
      const later = await post(user, key);
      expect(later.status).toBe(201);
      expect(later.headers['idempotency-replayed']).toBeUndefined();
      expect(later.body.id).not.toBe(first.body.id);
      expect(await countCasesCreatedBy(user)).toBe(2);
    });

    it('creates exactly one case for 5 concurrent requests with the same key', async () => {
      const user = await t.createUser(orgA, ['counsellor']);
      const key = `concurrent-${randomUUID()}`;
      const responses = await Promise.all(Array.from({ length: 5 }, () => post(user, key)));
      const created = responses.filter((res) => res.status === 201);
      const inProgress = responses.filter((res) => res.status !== 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((res) => res.body.id)).size).toBe(1);
      expect(created.filter((res) => res.headers['idempotency-replayed'] !== 'true')).toHaveLength(1);
      for (const res of inProgress) expect(expectProblem(res, 409).type).toBe('/problems/idempotency-in-progress');
      expect(await countCasesCreatedBy(user)).toBe(1);

      // Once settled, the key replays the one case.
      const later = await post(user, key);
      expect(later.status).toBe(201);
      expect(later.body.id).toBe(created[0].body.id);
    });
  });
});
