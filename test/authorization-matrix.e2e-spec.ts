import { randomBytes } from 'node:crypto';
import { API_PREFIX } from '../apps/api/src/configure-app';
import { registeredRoutes } from './support/routes';
import { createNetwork, type TestNetwork } from './support/network';
import { TestApp } from './support/test-app';

/**
 * Walks every registered route with every role, with a user of the owning organisation and with
 * users of another organisation. A route added without an entry here fails the first test.
 */

type Subject = 'anonymous' | 'counsellor' | 'lead' | 'orgAdmin' | 'coordinator' | 'otherOrgAdmin' | 'otherCounsellor';
const SUBJECTS: Subject[] = ['anonymous', 'counsellor', 'lead', 'orgAdmin', 'coordinator', 'otherOrgAdmin', 'otherCounsellor'];

interface Entry {
  request: (network: TestNetwork, subject: Subject) => { path: string; body?: object };
  expect: Record<Subject, number>;
  /** The request ends the caller's session (logout): use a throwaway login. */
  freshSession?: boolean;
}

const all = (status: number): Record<Subject, number> => Object.fromEntries(SUBJECTS.map((s) => [s, status])) as Record<Subject, number>;
const signedIn = (status: number): Record<Subject, number> => ({ ...all(status), anonymous: 401 });
const onlyFor = (allowed: Partial<Record<Subject, number>>, otherwise = 403): Record<Subject, number> => ({
  ...signedIn(otherwise),
  ...allowed,
});
const unique = () => randomBytes(4).toString('hex');

const MATRIX: Record<string, Entry> = {
  'GET /api/v1/health/live': { request: () => ({ path: '/health/live' }), expect: all(200) },
  'GET /api/v1/health/ready': { request: () => ({ path: '/health/ready' }), expect: all(200) },
  'GET /api/v1/reference/domains': { request: () => ({ path: '/reference/domains' }), expect: all(200) },
  'GET /api/v1/reference/districts': { request: () => ({ path: '/reference/districts' }), expect: all(200) },
  'GET /api/v1/reference/languages': { request: () => ({ path: '/reference/languages' }), expect: all(200) },
  'GET /api/v1/directory/services': { request: () => ({ path: '/directory/services?domain=housing' }), expect: all(200) },
  'POST /api/v1/auth/login': {
    request: () => ({ path: '/auth/login', body: { email: `nobody-${unique()}@test.example`, password: 'not the password' } }),
    expect: all(401),
  },
  'POST /api/v1/auth/refresh': { request: () => ({ path: '/auth/refresh', body: { refreshToken: 'x'.repeat(43) } }), expect: all(401) },
  'POST /api/v1/auth/logout': { request: () => ({ path: '/auth/logout' }), expect: signedIn(204), freshSession: true },
  'GET /api/v1/me': { request: () => ({ path: '/me' }), expect: signedIn(200) },
  'GET /api/v1/organisations': { request: () => ({ path: '/organisations' }), expect: signedIn(200) },
  'GET /api/v1/organisations/:id': { request: (w) => ({ path: `/organisations/${w.orgA}` }), expect: signedIn(200) },
  'POST /api/v1/organisations': {
    request: () => ({ path: '/organisations', body: { kind: 'ngo', name: `Neuer Verein ${unique()} e.V.` } }),
    expect: onlyFor({ coordinator: 201 }),
  },
  'PATCH /api/v1/organisations/:id': {
    request: (w) => ({ path: `/organisations/${w.orgA}`, body: { openingHours: 'Mo-Fr 9-12' } }),
    expect: onlyFor({ orgAdmin: 200, coordinator: 200 }),
  },
  'GET /api/v1/organisations/:id/services': {
    request: (w) => ({ path: `/organisations/${w.orgA}/services` }),
    expect: onlyFor({ orgAdmin: 200, coordinator: 200 }),
  },
  'POST /api/v1/organisations/:id/services': {
    request: (w) => ({ path: `/organisations/${w.orgA}/services`, body: { name: `Wohnungssuche ${unique()}`, domain: 'housing' } }),
    expect: onlyFor({ orgAdmin: 201, coordinator: 201 }),
  },
  'PATCH /api/v1/services/:id': {
    request: (w) => ({ path: `/services/${w.serviceA}`, body: { capacityStatus: 'waitlist' } }),
    expect: onlyFor({ orgAdmin: 200, coordinator: 200 }),
  },
  'GET /api/v1/users': { request: () => ({ path: '/users' }), expect: signedIn(200) },
  'POST /api/v1/users': {
    request: (w, subject) => ({
      path: '/users',
      body: {
        ...(subject === 'coordinator' ? { organisationId: w.orgA } : {}),
        email: `new-${unique()}@test.example`,
        displayName: 'Neue Kollegin',
        password: 'ein langes sicheres passwort',
        roles: ['counsellor'],
      },
    }),
    // Admins create users in their own organisation; that is allowed for the other org's admin too.
    expect: onlyFor({ orgAdmin: 201, coordinator: 201, otherOrgAdmin: 201 }),
  },
  'GET /api/v1/users/:id': {
    request: (w) => ({ path: `/users/${w.users.counsellor.id}` }),
    expect: { ...signedIn(200), otherOrgAdmin: 404, otherCounsellor: 404 },
  },
  'PATCH /api/v1/users/:id': {
    request: (w) => ({ path: `/users/${w.targetUserA}`, body: { caseCapacity: 25 } }),
    expect: onlyFor({ orgAdmin: 200, coordinator: 200, otherOrgAdmin: 404 }),
  },
};

describe('authorization matrix', () => {
  let t: TestApp;
  let network: TestNetwork;

  beforeAll(async () => {
    t = await TestApp.start({
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '10000',
    });
    network = await createNetwork(t);
  });

  afterAll(async () => {
    await t.stop();
  });

  it('has an entry for every registered route, and every route is documented in OpenAPI', async () => {
    const routes = registeredRoutes(t.app, API_PREFIX).map((r) => r.key);
    expect(routes.filter((key) => !MATRIX[key])).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !routes.includes(key))).toEqual([]);

    const document = (await t.http.get('/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(routes.filter((key) => !documented.includes(key))).toEqual([]);
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    it(`${route}: ${SUBJECTS.map((s) => `${s} ${entry.expect[s]}`).join(', ')}`, async () => {
      const method = route.split(' ')[0].toLowerCase() as 'get' | 'post' | 'patch';
      const actual: Partial<Record<Subject, number>> = {};
      for (const subject of SUBJECTS) {
        const { path, body } = entry.request(network, subject);
        let call = t.http[method](`/api/v1${path}`);
        if (subject !== 'anonymous') {
          const token = entry.freshSession ? (await t.login(network.users[subject].email)).accessToken : network.users[subject].token;
          call = call.set('Authorization', `Bearer ${token}`);
        }
        const response = body ? await call.send(body) : await call;
        actual[subject] = response.status;
        if (response.status >= 400) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      expect(actual).toEqual(entry.expect);
    });
  }
});
