import { randomUUID } from 'node:crypto';
import { CONSENT, createCase, createNetwork, type TestNetwork } from './support/network';
import { bearer, TestApp, type TestUser } from './support/test-app';

type Document = { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

/** How to create one of each documented route's resources, and where it is stored. */
interface Fixture {
  as: (network: TestNetwork) => TestUser;
  body: () => Record<string, unknown>;
  table: string;
}

const unique = () => randomUUID().slice(0, 8);

const FIXTURES: Record<string, Fixture> = {
  'post /api/v1/cases': {
    as: (n) => n.users.counsellor,
    body: () => ({ needs: ['housing'], languages: ['ar'], district: 'ost', ageBand: '27-44' }),
    table: 'cases',
  },
  'post /api/v1/cases/{id}/notes': {
    as: (n) => n.users.counsellor,
    body: () => ({ text: 'Termin beim Jobcenter vereinbart.' }),
    table: 'case_events',
  },
  'post /api/v1/cases/{id}/handoffs': {
    as: (n) => n.users.counsellor,
    body: () => ({ kind: 'referral', domains: ['housing'], message: 'Bitte um Unterstützung.', consent: CONSENT }),
    table: 'handoffs',
  },
  'post /api/v1/users': {
    as: (n) => n.users.orgAdmin,
    body: () => ({
      email: `neu.${unique()}@beratung.example`,
      displayName: 'Neue Beraterin',
      password: 'Ein-sehr-langes-Passwort-2031',
      roles: ['counsellor'],
    }),
    table: 'users',
  },
  'post /api/v1/organisations': {
    as: (n) => n.users.coordinator,
    body: () => ({ kind: 'ngo', name: `Neuer Verein ${unique()} e.V.` }),
    table: 'organisations',
  },
  'post /api/v1/organisations/{id}/services': {
    as: (n) => n.users.orgAdmin,
    body: () => ({ name: `Sozialberatung ${unique()}`, domain: 'housing', languages: ['de'], districts: ['mitte'] }),
    table: 'services',
  },
  'post /api/v1/reference/domains': {
    as: (n) => n.users.coordinator,
    body: () => ({ code: `domain_${unique()}`, nameDe: 'Digitale Teilhabe', nameEn: 'Digital access' }),
    table: 'counselling_domains',
  },
  'post /api/v1/reference/districts': {
    as: (n) => n.users.coordinator,
    body: () => ({ code: `ortsteil_${unique()}`, name: 'Neustadt-Neuschönefeld', kind: 'locality', parentCode: 'ost' }),
    table: 'districts',
  },
  'post /api/v1/reference/languages': {
    as: (n) => n.users.coordinator,
    body: () => ({ code: 'kab', nameEn: 'Kabyle', nameDe: 'Kabylisch', nativeName: 'Taqbaylit' }),
    table: 'languages',
  },
};

/**
 * Every route documented with an Idempotency-Key: a retry with the same key and body gets the first
 * answer again, and creates nothing more. The routes come from the OpenAPI document, so a new one
 * needs a fixture here before the suite passes.
 */
describe('Idempotency-Key on every creating route', () => {
  let t: TestApp;
  let network: TestNetwork;
  let routes: { method: string; path: string }[];

  beforeAll(async () => {
    t = await TestApp.start();
    network = await createNetwork(t);
    const document = (await t.http.get('/api/docs-json')).body as Document;
    routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
        .map(([method]) => ({ method, path })),
    );
  });

  afterAll(async () => {
    await t.stop();
  });

  const rows = async (table: string) => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('replays the first answer to a retry and creates one resource, on each of them', async () => {
    expect(routes.length).toBeGreaterThanOrEqual(Object.keys(FIXTURES).length);
    for (const { method, path } of routes) {
      const route = `${method} ${path}`;
      const fixture = FIXTURES[route];
      if (!fixture) throw new Error(`${route} takes an Idempotency-Key: add a fixture for it here`);
      const user = fixture.as(network);
      const parentId = path.includes('/cases/{id}') ? (await createCase(t, user)).id : network.orgA;
      const url = path.replace('{id}', parentId);
      const body = { ...fixture.body(), ...(route.endsWith('/handoffs') ? { targetOrganisationId: network.orgB } : {}) };
      const key = `retry-${randomUUID()}`;
      const send = () => t.http.post(url).set(bearer(user)).set('Idempotency-Key', key).send(body);
      const before = await rows(fixture.table);

      const first = await send();
      const again = await send();

      expect({ route, status: first.status }).toEqual({ route, status: 201 });
      expect({ route, status: again.status, replayed: again.headers['idempotency-replayed'], body: again.body }).toEqual({
        route,
        status: 201,
        replayed: 'true',
        body: first.body,
      });
      expect({ route, created: (await rows(fixture.table)) - before }).toEqual({ route, created: 1 });
    }
  });
});
