import { randomBytes } from 'node:crypto';
import { API_PREFIX } from '../apps/api/src/configure-app';
import { registeredRoutes } from './support/routes';
import { createCase, createHandoff, createNetwork, createNotification, CONSENT, type TestNetwork } from './support/network';
import { TestApp } from './support/test-app';

/**
 * Walks every registered route with every role, with a user of the owning organisation and with
 * users of another organisation. A route added without an entry here fails the first test.
 */

type Subject = 'anonymous' | 'counsellor' | 'lead' | 'orgAdmin' | 'coordinator' | 'otherOrgAdmin' | 'otherCounsellor';
const SUBJECTS: Subject[] = ['anonymous', 'counsellor', 'lead', 'orgAdmin', 'coordinator', 'otherOrgAdmin', 'otherCounsellor'];

interface Entry {
  /** May set up what the request needs (a fresh case or hand-off per subject). */
  request: (network: TestNetwork, subject: Subject) => { path: string; body?: object } | Promise<{ path: string; body?: object }>;
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
/** Case work: counsellors and leads of the owning organisation; other organisations get 404. */
const caseWork = (status: number): Record<Subject, number> => onlyFor({ counsellor: status, lead: status, otherCounsellor: 404 });
let t: TestApp;
let caseA: { id: string; code: string };
let handoffAtoC: { id: string };

const MATRIX: Record<string, Entry> = {
  'GET /api/v1/health/live': { request: () => ({ path: '/health/live' }), expect: all(200) },
  'GET /api/v1/health/ready': { request: () => ({ path: '/health/ready' }), expect: all(200) },
  'GET /api/v1/reference/domains': { request: () => ({ path: '/reference/domains' }), expect: all(200) },
  'GET /api/v1/reference/districts': { request: () => ({ path: '/reference/districts' }), expect: all(200) },
  'GET /api/v1/reference/languages': { request: () => ({ path: '/reference/languages' }), expect: all(200) },
  // Reference data: the coordinator keeps the vocabularies; everyone reads them.
  'POST /api/v1/reference/domains': {
    request: () => ({ path: '/reference/domains', body: { code: `d${unique()}`, nameDe: 'Neues Gebiet', nameEn: 'New domain' } }),
    expect: onlyFor({ coordinator: 201 }),
  },
  'PATCH /api/v1/reference/domains/:code': {
    request: () => ({ path: '/reference/domains/housing', body: { sortOrder: 10 } }),
    expect: onlyFor({ coordinator: 200 }),
  },
  'POST /api/v1/reference/districts': {
    request: () => ({
      path: '/reference/districts',
      body: { code: `o${unique()}`, name: 'Neuer Ortsteil', kind: 'locality', parentCode: 'mitte' },
    }),
    expect: onlyFor({ coordinator: 201 }),
  },
  'PATCH /api/v1/reference/districts/:code': {
    request: () => ({ path: '/reference/districts/mitte', body: { name: 'Mitte' } }),
    expect: onlyFor({ coordinator: 200 }),
  },
  'POST /api/v1/reference/languages': {
    request: () => ({
      path: '/reference/languages',
      body: {
        code: `q${Array.from(randomBytes(2), (byte) => String.fromCharCode(97 + (byte % 26))).join('')}`,
        nameEn: 'New',
        nameDe: 'Neu',
        nativeName: 'Neu',
      },
    }),
    expect: onlyFor({ coordinator: 201 }),
  },
  'PATCH /api/v1/reference/languages/:code': {
    request: () => ({ path: '/reference/languages/ar', body: { nameDe: 'Arabisch' } }),
    expect: onlyFor({ coordinator: 200 }),
  },
  'GET /api/v1/directory/services': { request: () => ({ path: '/directory/services?domain=housing' }), expect: all(200) },
  'POST /api/v1/auth/login': {
    request: () => ({ path: '/auth/login', body: { email: `nobody-${unique()}@test.example`, password: 'not the password' } }),
    expect: all(401),
  },
  'POST /api/v1/auth/refresh': { request: () => ({ path: '/auth/refresh', body: { refreshToken: 'x'.repeat(43) } }), expect: all(401) },
  'POST /api/v1/auth/logout': { request: () => ({ path: '/auth/logout' }), expect: signedIn(204), freshSession: true },
  'GET /api/v1/me': { request: () => ({ path: '/me' }), expect: signedIn(200) },
  // Every signed-in user sets its own settings (an empty body changes nothing; auth.e2e changes them).
  'PATCH /api/v1/me': { request: () => ({ path: '/me', body: {} }), expect: signedIn(200) },
  // Every signed-in user may change its own password; a wrong current password is the 400 here (the
  // change itself is tested in auth.e2e, so the matrix users keep their password).
  'POST /api/v1/me/password': {
    request: () => ({
      path: '/me/password',
      body: { currentPassword: `not it ${unique()}`, newPassword: `ein neues passwort ${unique()}` },
    }),
    expect: signedIn(400),
  },
  // Public: the same 202 whether or not the address has an account (password-links.e2e sends real ones).
  'POST /api/v1/auth/password/forgot': {
    request: () => ({ path: '/auth/password/forgot', body: { email: `nobody-${unique()}@test.example` } }),
    expect: all(202),
  },
  'POST /api/v1/auth/password/set': {
    request: () => ({
      path: '/auth/password/set',
      body: { token: `not-a-link.${unique()}`, newPassword: `ein neues passwort ${unique()}` },
    }),
    expect: all(400),
  },
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
    // The coordinator may create only admins in an organisation not its own: a counsellor of A is 403.
    expect: onlyFor({ orgAdmin: 201, otherOrgAdmin: 201 }),
  },
  'GET /api/v1/users/:id': {
    request: (w) => ({ path: `/users/${w.users.counsellor.id}` }),
    expect: { ...signedIn(200), otherOrgAdmin: 404, otherCounsellor: 404 },
  },
  // Sending a link changes no password: the matrix users keep theirs.
  'POST /api/v1/users/:id/password-link': {
    request: (w) => ({ path: `/users/${w.targetUserA}/password-link` }),
    expect: onlyFor({ orgAdmin: 202, coordinator: 202, otherOrgAdmin: 404 }),
  },
  'PATCH /api/v1/users/:id': {
    request: (w) => ({ path: `/users/${w.targetUserA}`, body: { caseCapacity: 25 } }),
    expect: onlyFor({ orgAdmin: 200, coordinator: 200, otherOrgAdmin: 404 }),
  },
  'POST /api/v1/cases': {
    request: () => ({ path: '/cases', body: { needs: ['housing'], languages: ['uk'] } }),
    // Every counsellor logs cases of their own organisation.
    expect: onlyFor({ counsellor: 201, lead: 201, otherCounsellor: 201 }),
  },
  'GET /api/v1/cases': {
    request: () => ({ path: '/cases?status=active' }),
    expect: onlyFor({ counsellor: 200, lead: 200, otherCounsellor: 200 }),
  },
  'GET /api/v1/cases/:idOrCode': { request: () => ({ path: `/cases/${caseA.code}` }), expect: caseWork(200) },
  'PATCH /api/v1/cases/:id': { request: () => ({ path: `/cases/${caseA.id}`, body: { urgency: 'high' } }), expect: caseWork(200) },
  'POST /api/v1/cases/:id/notes': {
    request: () => ({ path: `/cases/${caseA.id}/notes`, body: { text: 'Termin um 14:30 Uhr vereinbart.' } }),
    expect: caseWork(201),
  },
  'GET /api/v1/cases/:id/timeline': { request: () => ({ path: `/cases/${caseA.id}/timeline` }), expect: caseWork(200) },
  'POST /api/v1/cases/:id/close': {
    request: async (n) => ({ path: `/cases/${(await createCase(t, n.users.counsellor)).id}/close`, body: { outcome: 'resolved' } }),
    expect: caseWork(200),
  },
  'POST /api/v1/cases/:id/handoffs': {
    request: async (n) => ({
      path: `/cases/${(await createCase(t, n.users.counsellor)).id}/handoffs`,
      body: { targetOrganisationId: n.orgC, kind: 'referral', domains: ['housing'], message: 'Bitte übernehmen.', consent: CONSENT },
    }),
    expect: caseWork(201),
  },
  'GET /api/v1/handoffs': {
    request: () => ({ path: '/handoffs?direction=outgoing' }),
    expect: onlyFor({ counsellor: 200, lead: 200, otherCounsellor: 200 }),
  },
  'GET /api/v1/handoffs/:id': { request: () => ({ path: `/handoffs/${handoffAtoC.id}` }), expect: caseWork(200) },
  'POST /api/v1/handoffs/:id/accept': {
    request: async (n) => ({ path: `/handoffs/${(await createHandoff(t, n.counsellorC, n.orgA)).id}/accept`, body: {} }),
    expect: caseWork(200),
  },
  'POST /api/v1/handoffs/:id/decline': {
    request: async (n) => ({
      path: `/handoffs/${(await createHandoff(t, n.counsellorC, n.orgA)).id}/decline`,
      body: { reason: 'no_capacity' },
    }),
    expect: caseWork(200),
  },
  'POST /api/v1/handoffs/:id/withdraw': {
    request: async (n) => ({ path: `/handoffs/${(await createHandoff(t, n.users.counsellor, n.orgC)).id}/withdraw`, body: {} }),
    expect: caseWork(200),
  },
  'POST /api/v1/handoffs/:id/complete': {
    request: async (n) => {
      const handoff = await createHandoff(t, n.counsellorC, n.orgA);
      await t.http.post(`/api/v1/handoffs/${handoff.id}/accept`).set('Authorization', `Bearer ${n.users.lead.token}`).send({}).expect(200);
      return { path: `/handoffs/${handoff.id}/complete`, body: { outcome: 'service_provided' } };
    },
    expect: caseWork(200),
  },
  'GET /api/v1/notifications': { request: () => ({ path: '/notifications?unread=true' }), expect: signedIn(200) },
  'POST /api/v1/notifications/read-all': { request: () => ({ path: '/notifications/read-all' }), expect: signedIn(200) },
  'POST /api/v1/notifications/:id/read': {
    request: async (n) => ({ path: `/notifications/${await createNotification(t, n.users.counsellor)}/read` }),
    // Only the recipient; everybody else's inbox does not have it.
    expect: { ...signedIn(404), counsellor: 200 },
  },
  'GET /api/v1/dashboards/me': {
    request: () => ({ path: '/dashboards/me' }),
    expect: onlyFor({ counsellor: 200, lead: 200, otherCounsellor: 200 }),
  },
  'GET /api/v1/dashboards/organisations/:id': {
    request: (n) => ({ path: `/dashboards/organisations/${n.orgA}?format=csv` }),
    // Another organisation's admin may hold the role, but not for this organisation: 404.
    expect: onlyFor({ lead: 200, orgAdmin: 200, otherOrgAdmin: 404 }),
  },
  'GET /api/v1/dashboards/network': { request: () => ({ path: '/dashboards/network' }), expect: onlyFor({ coordinator: 200 }) },
  'GET /api/v1/admin/jobs': { request: () => ({ path: '/admin/jobs' }), expect: onlyFor({ coordinator: 200 }) },
  'GET /api/v1/audit': { request: () => ({ path: '/audit' }), expect: onlyFor({ orgAdmin: 200, coordinator: 200, otherOrgAdmin: 200 }) },
};

describe('authorization matrix', () => {
  let network: TestNetwork;

  beforeAll(async () => {
    t = await TestApp.start({
      // E-mail is configured (invitations and password links need it); no worker runs here to send any.
      SMTP_URL: 'smtp://127.0.0.1:2525',
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '10000',
    });
    network = await createNetwork(t);
    caseA = await createCase(t, network.users.counsellor);
    handoffAtoC = await createHandoff(t, network.users.counsellor, network.orgC);
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
        const { path, body } = await entry.request(network, subject);
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
