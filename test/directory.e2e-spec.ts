import type { Response } from 'supertest';
import { TestApp, bearer, type TestUser } from './support/test-app';

/**
 * The public reference data and service directory, as a first point of contact (no account)
 * searching for where to send someone sees them. Fixtures are created through the API by the
 * coordinator and the organisations' admins.
 */

const API = '/api/v1';

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
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+|QueryFailedError|SELECT |violates/);
  if (field) {
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
  }
  return res.body as Problem;
}

interface Entry {
  id: string;
  name: string;
  organisation: { id: string; name: string };
  [key: string]: unknown;
}

describe('reference data and directory (public)', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let alpha: { id: string; name: string };
  let beta: { id: string; name: string };
  let zeta: { id: string; name: string };
  const s: Record<string, { id: string; name: string }> = {};

  const get = (path: string) => t.http.get(`${API}${path}`);
  /** The directory's answer as service names, in the order given. */
  const names = async (query: string): Promise<string[]> => {
    const res = await get(`/directory/services${query}`);
    expect(res.status).toBe(200);
    return res.body.items.map((e: Entry) => e.name);
  };

  beforeAll(async () => {
    t = await TestApp.start();
    coordinator = await t.createUser(await t.createOrganisation({ kind: 'city_department', name: 'Stadt Leipzig, Referat Migration' }), [
      'coordinator',
    ]);

    const createOrganisation = async (body: Record<string, unknown>) => {
      const res = await t.http.post(`${API}/organisations`).set(bearer(coordinator)).send(body);
      expect(res.status).toBe(201);
      return res.body as { id: string; name: string };
    };
    alpha = await createOrganisation({
      kind: 'ngo',
      name: 'Alpha Hilfe e.V.',
      shortName: 'AHV',
      email: 'kontakt@alpha-hilfe.example',
      phone: '+49 341 111111',
      website: 'https://alpha-hilfe.example',
      address: { street: 'Eisenbahnstraße 1', postalCode: '04315', city: 'Leipzig' },
      openingHours: 'Mo-Do 9-12 Uhr',
      responseSlaWorkingDays: 2,
    });
    beta = await createOrganisation({ kind: 'ngo', name: 'Beta Migrationsberatung', email: 'info@beta.example' });
    zeta = await createOrganisation({ kind: 'volunteer_initiative', name: 'Zeta Initiative' });

    const [adminAlpha, adminBeta, adminZeta] = await Promise.all([
      t.createUser(alpha.id, ['org_admin']),
      t.createUser(beta.id, ['org_admin']),
      t.createUser(zeta.id, ['org_admin']),
    ]);
    const createService = async (key: string, admin: TestUser, organisationId: string, body: Record<string, unknown>) => {
      const res = await t.http.post(`${API}/organisations/${organisationId}/services`).set(bearer(admin)).send(body);
      expect(res.status).toBe(201);
      s[key] = res.body;
    };
    await createService('asylum', adminAlpha, alpha.id, {
      name: 'Asylverfahrensberatung',
      domain: 'asylum_procedure',
      languages: ['de', 'ar', 'prs'],
      districts: [],
      description: 'Vorbereitung auf die Anhörung',
      eligibility: 'Menschen im Asylverfahren',
    });
    await createService('housingEast', adminAlpha, alpha.id, {
      name: 'Wohnungssuche Ost',
      domain: 'housing',
      languages: ['de', 'uk'],
      districts: ['ost'],
    });
    await createService('inactiveService', adminAlpha, alpha.id, {
      name: 'Wohnungssuche Archiv',
      domain: 'housing',
      languages: ['de'],
      districts: ['ost'],
    });
    await createService('socialWest', adminBeta, beta.id, {
      name: 'Sozialberatung West',
      domain: 'social_benefits',
      languages: ['de', 'ti', 'ar'],
      districts: ['west', 'alt_west'],
    });
    await createService('percent', adminBeta, beta.id, {
      name: '100% kostenlose Rechtsberatung',
      domain: 'legal_aid',
      languages: ['de'],
      districts: [],
    });
    await createService('hundred', adminBeta, beta.id, {
      name: '100 Euro Soforthilfe',
      domain: 'social_benefits',
      languages: ['de'],
      districts: ['sued'],
    });
    await createService('underscore', adminBeta, beta.id, {
      name: 'Sprachkurs A1',
      domain: 'language_courses',
      languages: ['de', 'en'],
      districts: ['sued'],
    });
    await createService('zetaAsylum', adminZeta, zeta.id, {
      name: 'Asylberatung Zeta',
      domain: 'asylum_procedure',
      languages: ['ar'],
      districts: [],
    });

    // A deactivated service, and an organisation the coordinator took out of the network.
    expect((await t.http.patch(`${API}/services/${s.inactiveService.id}`).set(bearer(adminAlpha)).send({ active: false })).status).toBe(
      200,
    );
    expect((await t.http.patch(`${API}/organisations/${zeta.id}`).set(bearer(coordinator)).send({ active: false })).status).toBe(200);
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe('reference data', () => {
    it('lists the counselling domains without signing in', async () => {
      const res = await get('/reference/domains');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const codes = res.body.map((d: { code: string }) => d.code);
      expect(codes).toEqual(expect.arrayContaining(['asylum_procedure', 'housing', 'social_benefits', 'legal_aid', 'mental_health']));
      expect(new Set(codes).size).toBe(codes.length);
      expect(res.body).toContainEqual(expect.objectContaining({ code: 'housing', nameDe: 'Wohnen', nameEn: 'Housing' }));
    });

    it("lists Leipzig's ten Stadtbezirke, including Alt-West", async () => {
      const res = await get('/reference/districts');
      expect(res.status).toBe(200);
      const districts = res.body.filter((d: { kind: string }) => d.kind === 'district');
      expect(districts).toHaveLength(10);
      expect(districts.map((d: { code: string }) => d.code).sort()).toEqual([
        'alt_west',
        'mitte',
        'nord',
        'nordost',
        'nordwest',
        'ost',
        'sued',
        'suedost',
        'suedwest',
        'west',
      ]);
      expect(res.body).toContainEqual(expect.objectContaining({ code: 'alt_west', name: 'Alt-West', kind: 'district' }));
      expect(res.body).toContainEqual(expect.objectContaining({ code: 'suedost', name: 'Südost' }));
    });

    it('lists the languages, including Arabic, Dari, Ukrainian and Tigrinya', async () => {
      const res = await get('/reference/languages');
      expect(res.status).toBe(200);
      const codes = res.body.map((l: { code: string }) => l.code);
      expect(codes).toEqual(expect.arrayContaining(['de', 'ar', 'prs', 'uk', 'ti', 'fa']));
      expect(res.body).toContainEqual(expect.objectContaining({ code: 'prs', nameEn: 'Dari', nativeName: 'دری' }));
      expect(res.body).toContainEqual(expect.objectContaining({ code: 'ti', nameEn: 'Tigrinya', nameDe: 'Tigrinya' }));
    });

    it('ignores a bad token on public routes', async () => {
      expect((await get('/reference/domains').set('Authorization', 'Bearer rubbish')).status).toBe(200);
      expect((await get('/directory/services').set('Authorization', 'Bearer rubbish')).status).toBe(200);
    });
  });

  describe('GET /directory/services', () => {
    it('lists active services of active organisations only, by organisation and service name', async () => {
      expect(await names('')).toEqual([
        'Asylverfahrensberatung',
        'Wohnungssuche Ost',
        '100 Euro Soforthilfe',
        '100% kostenlose Rechtsberatung',
        'Sozialberatung West',
        'Sprachkurs A1',
      ]);
    });

    it('reads an empty parameter as one not given, as an HTML search form sends every field', async () => {
      expect(await names('?domain=&language=&district=&q=&cursor=')).toEqual(await names(''));
      expect(await names('?domain=asylum_procedure&language=&q=')).toEqual(['Asylverfahrensberatung']);
    });

    it('shows each service with its organisation and contact, but no internal fields', async () => {
      const res = await get('/directory/services?domain=asylum_procedure');
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(1);
      const [entry] = res.body.items;
      expect(entry).toEqual(
        expect.objectContaining({
          id: s.asylum.id,
          name: 'Asylverfahrensberatung',
          description: 'Vorbereitung auf die Anhörung',
          domain: 'asylum_procedure',
          languages: ['de', 'ar', 'prs'],
          districts: [],
          eligibility: 'Menschen im Asylverfahren',
          capacityStatus: 'open',
          organisation: expect.objectContaining({
            id: alpha.id,
            kind: 'ngo',
            name: 'Alpha Hilfe e.V.',
            shortName: 'AHV',
            email: 'kontakt@alpha-hilfe.example',
            phone: '+49 341 111111',
            website: 'https://alpha-hilfe.example',
            address: { street: 'Eisenbahnstraße 1', postalCode: '04315', city: 'Leipzig' },
            openingHours: 'Mo-Do 9-12 Uhr',
            acceptsReferrals: true,
          }),
        }),
      );
      for (const internal of ['active', 'organisationId', 'createdAt', 'updatedAt']) expect(entry).not.toHaveProperty(internal);
      for (const internal of ['active', 'responseSlaWorkingDays', 'createdAt', 'updatedAt', 'services'])
        expect(entry.organisation).not.toHaveProperty(internal);
    });

    it('filters by domain', async () => {
      expect(await names('?domain=asylum_procedure')).toEqual(['Asylverfahrensberatung']);
      expect(await names('?domain=social_benefits')).toEqual(['100 Euro Soforthilfe', 'Sozialberatung West']);
      expect(await names('?domain=mental_health')).toEqual([]);
    });

    it('filters by language', async () => {
      expect(await names('?language=ti')).toEqual(['Sozialberatung West']);
      expect(await names('?language=ar')).toEqual(['Asylverfahrensberatung', 'Sozialberatung West']);
      expect(await names('?language=prs')).toEqual(['Asylverfahrensberatung']);
      expect(await names('?language=uk')).toEqual(['Wohnungssuche Ost']);
    });

    it('filters by district; citywide services (no districts) match every district', async () => {
      expect(await names('?district=ost')).toEqual(['Asylverfahrensberatung', 'Wohnungssuche Ost', '100% kostenlose Rechtsberatung']);
      expect(await names('?district=alt_west')).toEqual([
        'Asylverfahrensberatung',
        '100% kostenlose Rechtsberatung',
        'Sozialberatung West',
      ]);
      expect(await names('?district=nord')).toEqual(['Asylverfahrensberatung', '100% kostenlose Rechtsberatung']);
    });

    it('combines filters', async () => {
      expect(await names('?domain=housing&district=west')).toEqual([]);
      expect(await names('?domain=housing&district=ost&language=uk')).toEqual(['Wohnungssuche Ost']);
      expect(await names('?domain=social_benefits&language=ar&district=alt_west')).toEqual(['Sozialberatung West']);
    });

    it('searches service and organisation names case-insensitively', async () => {
      expect(await names('?q=ASYL')).toEqual(['Asylverfahrensberatung']);
      expect(await names('?q=wohnungs')).toEqual(['Wohnungssuche Ost']);
      expect(await names(`?q=${encodeURIComponent('alpha hilfe')}`)).toEqual(['Asylverfahrensberatung', 'Wohnungssuche Ost']);
      expect(await names('?q=migrationsberatung')).toEqual([
        '100 Euro Soforthilfe',
        '100% kostenlose Rechtsberatung',
        'Sozialberatung West',
        'Sprachkurs A1',
      ]);
      expect(await names('?q=zeta')).toEqual([]);
      expect(await names('?q=archiv')).toEqual([]);
    });

    it("treats '%' and '_' in the search text literally", async () => {
      expect(await names(`?q=${encodeURIComponent('100%')}`)).toEqual(['100% kostenlose Rechtsberatung']);
      expect(await names(`?q=${encodeURIComponent('%%')}`)).toEqual([]);
      expect(await names(`?q=${encodeURIComponent('__')}`)).toEqual([]);
      expect(await names(`?q=${encodeURIComponent('A_')}`)).toEqual([]);
    });

    it('combines the text search with filters', async () => {
      expect(await names('?q=100&domain=legal_aid')).toEqual(['100% kostenlose Rechtsberatung']);
      expect(await names('?q=beratung&district=west')).toEqual([
        'Asylverfahrensberatung',
        '100% kostenlose Rechtsberatung',
        'Sozialberatung West',
      ]);
    });

    it('shows an organisation again once the coordinator reactivates it, and hides it when deactivated', async () => {
      expect((await t.http.patch(`${API}/organisations/${zeta.id}`).set(bearer(coordinator)).send({ active: true })).status).toBe(200);
      try {
        expect(await names('?domain=asylum_procedure')).toEqual(['Asylverfahrensberatung', 'Asylberatung Zeta']);
      } finally {
        expect((await t.http.patch(`${API}/organisations/${zeta.id}`).set(bearer(coordinator)).send({ active: false })).status).toBe(200);
      }
      expect(await names('?domain=asylum_procedure')).toEqual(['Asylverfahrensberatung']);
    });

    it.each([
      ['an unknown domain code', '?domain=astrology', 'domain'],
      ['a malformed domain code', '?domain=Housing', 'domain'],
      ['an unknown language code', '?language=xx', 'language'],
      ['an unknown district code', '?district=gohlis', 'district'],
      ['a search text that is too short', '?q=a', 'q'],
      ['a search text that is too long', `?q=${'x'.repeat(101)}`, 'q'],
      ['an unknown query parameter', '?organisation=alpha', 'organisation'],
      ['limit=0', '?limit=0', 'limit'],
      ['limit=201', '?limit=201', 'limit'],
      ['a garbage cursor', '?cursor=abcdef', 'cursor'],
      ['a cursor with characters it never has', `?cursor=${encodeURIComponent('{"x":1}')}`, 'cursor'],
    ])('answers 400 for %s', async (_what, query, field) => {
      expectProblem(await get(`/directory/services${query}`), 400, field);
    });

    it('answers 400, not a server error, for a forged cursor with a non-UUID id', async () => {
      const forged = Buffer.from(JSON.stringify(['Alpha Hilfe e.V.', 'Asylverfahrensberatung', 'x'])).toString('base64url');
      expectProblem(await get(`/directory/services?cursor=${forged}`), 400);
    });

    it('pages through the results with nextCursor: no duplicates, nothing missing, same order', async () => {
      const all = await get('/directory/services?limit=200');
      expect(all.status).toBe(200);
      expect(all.body.nextCursor).toBeNull();
      const expected = all.body.items.map((e: Entry) => e.id);
      expect(expected).toHaveLength(6);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: Response = await get(`/directory/services?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((e: Entry) => e.id));
        cursor = res.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(10);
      } while (cursor);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expected);
    });

    it('pages through a filtered result', async () => {
      const first = await get('/directory/services?district=alt_west&limit=1');
      expect(first.status).toBe(200);
      expect(first.body.items.map((e: Entry) => e.name)).toEqual(['Asylverfahrensberatung']);
      const second = await get(`/directory/services?district=alt_west&limit=1&cursor=${first.body.nextCursor}`);
      const third = await get(`/directory/services?district=alt_west&limit=1&cursor=${second.body.nextCursor}`);
      expect([...second.body.items, ...third.body.items].map((e: Entry) => e.name)).toEqual([
        '100% kostenlose Rechtsberatung',
        'Sozialberatung West',
      ]);
      expect(third.body.nextCursor).toBeNull();
    });
  });
});
