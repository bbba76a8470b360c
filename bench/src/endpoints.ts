import { LARGE_PASSWORD, pendingHandoffsTo, type Database, type Fixture, type Role } from './fixtures';
import type { LoadRequest, RequestSource } from './runner';

/** The servers a run can drive: the API, and the bare baselines. */
export type ServerName = 'api' | 'nodePg' | 'fastify' | 'nest';

export interface Endpoint {
  id: string;
  /** What the table shows. */
  label: string;
  server: ServerName;
  connections: number;
  /** Paced: requests per second over all clients (unset: each client sends its next request at once). */
  rate?: number;
  /** Why this concurrency (or rate), when it is not the default. */
  note?: string;
  /**
   * Runs just before the endpoint's load (not timed), e.g. to make what the requests consume; `apiUrl`
   * is the API's origin. What it returns is printed.
   */
  prepare?: (context: { fixture: Fixture; database: Database; apiUrl: string }) => Promise<string | void>;
  request: (fixture: Fixture) => RequestSource;
}

export const API = '/api/v1';
const DEFAULT_CONNECTIONS = 50;

const bearer = (fixture: Fixture, role: Role) => ({ authorization: `Bearer ${fixture.tokens[role]}` });
const get = (path: string, headers: Record<string, string>): LoadRequest => ({ method: 'GET', path, headers });

/** Cycles through `items` for ever. */
function rotate<T>(items: T[], build: (item: T) => LoadRequest): () => LoadRequest {
  if (items.length === 0) throw new Error('Nothing to rotate through: the fixture is empty.');
  let next = 0;
  return () => build(items[next++ % items.length]);
}

/** Takes each of `items` once (shared with whatever else takes from the list); then the run stops and says so. */
function consume<T>(items: T[], build: (item: T) => LoadRequest): () => LoadRequest | undefined {
  return () => {
    const item = items.pop();
    return item === undefined ? undefined : build(item);
  };
}

const HANDOFF_MESSAGE = 'Bitte um Beratung zur Anerkennung des Berufsabschlusses; Termin gern vormittags mit Sprachmittlung.';

/** A referral of one of the sender's cases to the receiver, with documented consent. */
function handoffRequest(f: Fixture, caseId: string): LoadRequest {
  return {
    method: 'POST',
    path: `${API}/cases/${caseId}/handoffs`,
    headers: bearer(f, 'counsellor'),
    body: JSON.stringify({
      targetOrganisationId: f.receiver.id,
      kind: 'referral',
      domains: [f.domains[caseId.charCodeAt(0) % f.domains.length]],
      message: HANDOFF_MESSAGE,
      consent: { given: true, givenAt: new Date().toISOString(), method: 'verbal', scope: 'this_handoff' },
    }),
  };
}

/**
 * Pending hand-offs the accept run may use; short of it, more are made through the API first (not timed).
 * More than (10 + 2) s of accepts take: about 720 per second since the reads are prepared statements.
 */
const ACCEPT_POOL = 12_000;
/**
 * Fresh open cases (no pending hand-off) the hand-off runs may use: more than 2 × (10 + 2) s of them take
 * (about 3,600), and more than a 10-minute soak's (16 in 2,000 requests: 5,500 at 1,130 requests/s).
 */
const HANDOFF_CASE_POOL = 10_000;
/**
 * The pace of the hand-off latency run. product.md designs for 10 to 100 times Leipzig's tens of
 * thousands of referrals a year: at 100 times 50,000, 5 million a year are 0.6 per second over the
 * year's 2,250 working hours. 50 per second is 80 times that average, a peak no network of that size
 * sees; the saturation run below shows how far beyond it the API goes.
 */
const HANDOFF_RATE = 50;
const TOP_UP_CLIENTS = 20;

type PrepareContext = { fixture: Fixture; database: Database; apiUrl: string };

/**
 * Sends the requests of `next` through the API from TOP_UP_CLIENTS clients until it runs out (not
 * timed); returns the answers' bodies. Stops at the tenth failed answer and throws the first.
 */
async function throughApi(apiUrl: string, next: () => LoadRequest | undefined): Promise<Record<string, unknown>[]> {
  const bodies: Record<string, unknown>[] = [];
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: TOP_UP_CLIENTS }, async () => {
      for (let request = next(); request && failures.length < 10; request = next()) {
        const response = await fetch(`${apiUrl}${request.path}`, {
          method: request.method,
          headers: { ...request.headers, 'content-type': 'application/json' },
          body: request.body,
        });
        const answer = await response.text();
        if (response.ok) bodies.push(JSON.parse(answer) as Record<string, unknown>);
        else failures.push(`${request.method} ${request.path}: HTTP ${response.status} ${answer.slice(0, 200)}`);
      }
    }),
  );
  if (failures.length) throw new Error(`Preparing through the API failed: ${failures[0]}`);
  return bodies;
}

/**
 * Every hand-off run and accept top-up uses up fresh cases of the sender; short of `atLeast`, new ones
 * are opened through the API, so that the benchmark can be run again and again on one data set.
 */
async function topUpFreshCases(context: PrepareContext, atLeast: number): Promise<string> {
  const f = context.fixture;
  const before = f.handoffCases.length;
  let missing = atLeast - before;
  if (missing <= 0) return `${before} fresh open cases of the sender`;
  // Shaped like the sender's existing cases (a random sample), so that the newest page of the list,
  // where they land, is as large to read and to send as any other.
  const templates = await context.database.query<Record<string, unknown>>(
    `SELECT needs, languages, interpreter_needed AS "interpreterNeeded", urgency, district, age_band AS "ageBand", gender,
            residence_status AS "residenceStatus", first_contact_channel AS "firstContactChannel"
       FROM cases WHERE organisation_id = $1 ORDER BY random() LIMIT 500`,
    [f.sender.id],
  );
  const created = await throughApi(context.apiUrl, () =>
    missing-- > 0
      ? {
          method: 'POST',
          path: `${API}/cases`,
          // By the lead and unassigned: opened by the benchmark's counsellor, they would all be that
          // counsellor's own cases and distort the my-work dashboard measured with the same account.
          headers: bearer(f, 'lead'),
          body: JSON.stringify(templates[missing % templates.length]),
        }
      : undefined,
  );
  f.handoffCases.unshift(...created.map((body) => String(body.id)));
  return `${before} fresh open cases of the sender, ${created.length} more opened through the API: ${f.handoffCases.length}`;
}

async function topUpPendingHandoffs(context: PrepareContext): Promise<string> {
  const f = context.fixture;
  const before = (await pendingHandoffsTo(context.database, f.receiver.id)).length;
  const missing = ACCEPT_POOL - before;
  // The hand-off runs (and the soak's hand-offs, prepared before this) keep their own fresh cases.
  const cases = missing > 0 ? await topUpFreshCases(context, missing + HANDOFF_CASE_POOL) : '';
  let left = missing;
  const made = await throughApi(context.apiUrl, () => {
    const caseId = left-- > 0 ? f.handoffCases.pop() : undefined;
    return caseId ? handoffRequest(f, caseId) : undefined;
  });
  f.pendingHandoffs = await pendingHandoffsTo(context.database, f.receiver.id);
  return `${cases ? `${cases}; ` : ''}${before} pending hand-offs to the receiver, ${made.length} more made through the API: ${f.pendingHandoffs.length}`;
}

/** What the two hand-off runs share: each request a new hand-off of a fresh case of the sender's, over 10 connections. */
const HANDOFF_CREATION = {
  server: 'api',
  connections: 10,
  prepare: (context: PrepareContext) => topUpFreshCases(context, HANDOFF_CASE_POOL),
  request: (f: Fixture) => consume(f.handoffCases, (caseId) => handoffRequest(f, caseId)),
} satisfies Partial<Endpoint>;

/** Every timed run, in the order they run (the runs of a group, see GROUPS, next to each other). */
export const ENDPOINTS: Endpoint[] = [
  {
    id: 'fastify-trivial',
    label: 'bare Fastify: GET /live',
    server: 'fastify',
    connections: DEFAULT_CONNECTIONS,
    request: () => get('/live', {}),
  },
  {
    id: 'nest-trivial',
    label: 'bare Nest: GET /health/live',
    server: 'nest',
    connections: DEFAULT_CONNECTIONS,
    request: () => get(`${API}/health/live`, {}),
  },
  {
    id: 'api-trivial',
    label: 'GET /health/live',
    server: 'api',
    connections: DEFAULT_CONNECTIONS,
    request: () => get(`${API}/health/live`, {}),
  },
  {
    id: 'baseline-cases-list',
    label: 'node:http+pg: GET /cases?status=active&limit=50',
    server: 'nodePg',
    connections: DEFAULT_CONNECTIONS,
    request: (f) => get('/cases?status=active&limit=50', bearer(f, 'counsellor')),
  },
  {
    id: 'cases-list',
    label: 'GET /cases?status=active&limit=50',
    server: 'api',
    connections: DEFAULT_CONNECTIONS,
    request: (f) => get(`${API}/cases?status=active&limit=50`, bearer(f, 'counsellor')),
  },
  {
    id: 'baseline-case-get',
    label: 'node:http+pg: GET /cases/:id',
    server: 'nodePg',
    connections: DEFAULT_CONNECTIONS,
    request: (f) => rotate(f.caseIds, (id) => get(`/cases/${id}`, bearer(f, 'counsellor'))),
  },
  {
    id: 'case-get',
    label: 'GET /cases/:id',
    server: 'api',
    connections: DEFAULT_CONNECTIONS,
    request: (f) => rotate(f.caseIds, (id) => get(`${API}/cases/${id}`, bearer(f, 'counsellor'))),
  },
  {
    id: 'cases-page-1',
    label: 'GET /cases?limit=50 (page 1)',
    server: 'api',
    connections: DEFAULT_CONNECTIONS,
    request: (f) => get(`${API}/cases?limit=50`, bearer(f, 'counsellor')),
  },
  {
    id: 'cases-page-deep',
    label: 'GET /cases?limit=50 (page N)',
    server: 'api',
    connections: DEFAULT_CONNECTIONS,
    request: (f) => get(`${API}/cases?limit=50${f.deepPage.cursor ? `&cursor=${f.deepPage.cursor}` : ''}`, bearer(f, 'counsellor')),
  },
  {
    id: 'handoffs-incoming',
    label: 'GET /handoffs?direction=incoming',
    server: 'api',
    connections: DEFAULT_CONNECTIONS,
    request: (f) => get(`${API}/handoffs?direction=incoming`, bearer(f, 'receiver')),
  },
  {
    id: 'dashboard-me',
    label: 'GET /dashboards/me',
    server: 'api',
    connections: DEFAULT_CONNECTIONS,
    request: (f) => get(`${API}/dashboards/me`, bearer(f, 'counsellor')),
  },
  {
    id: 'dashboard-organisation',
    label: 'GET /dashboards/organisations/:id',
    server: 'api',
    connections: 1,
    note: "one viewer at a time: the target is about the data set's size; each load runs nine aggregates over 90 days of the biggest organisation in parallel on the pool",
    request: (f) => get(`${API}/dashboards/organisations/${f.sender.id}`, bearer(f, 'lead')),
  },
  {
    id: 'dashboard-network',
    label: 'GET /dashboards/network',
    server: 'api',
    connections: 1,
    note: 'one viewer at a time: four aggregates over the whole network (the last whole month of hand-offs, all open cases) in parallel',
    request: (f) => get(`${API}/dashboards/network`, bearer(f, 'coordinator')),
  },
  {
    id: 'handoff-create',
    // The rate shows in the table's concurrency column; the soak's mix uses the same label.
    label: 'POST /cases/:id/handoffs',
    ...HANDOFF_CREATION,
    rate: HANDOFF_RATE,
    note:
      `the latency at a steady ${HANDOFF_RATE} hand-offs per second, 80 times the design scale's average (HANDOFF_RATE in endpoints.ts); ` +
      "a write transaction (hand-off, case counter, timeline, the target team's notifications, reminders, hash-chained audit), each request a fresh case",
  },
  {
    id: 'handoff-create-saturated',
    label: 'POST /cases/:id/handoffs, flat out',
    ...HANDOFF_CREATION,
    note: 'the capacity: each client sends its next hand-off as soon as the last is answered, so p95 is mostly time in the queue',
  },
  {
    id: 'handoff-accept',
    label: 'POST /handoffs/:id/accept',
    server: 'api',
    connections: 10,
    note: 'a write transaction like the hand-off itself; each request accepts another pending hand-off',
    prepare: topUpPendingHandoffs,
    request: (f) =>
      consume(f.pendingHandoffs, (id) => ({
        method: 'POST',
        path: `${API}/handoffs/${id}/accept`,
        headers: bearer(f, 'receiver'),
        body: '{}',
      })),
  },
  {
    id: 'login',
    label: 'POST /auth/login',
    server: 'api',
    connections: 4,
    note: 'argon2id (19 MiB, t=2) is deliberately slow: about one core per concurrent login',
    request: (f) => ({
      method: 'POST',
      path: `${API}/auth/login`,
      body: JSON.stringify({ email: f.emails.counsellor, password: LARGE_PASSWORD }),
    }),
  },
];

/**
 * Runs whose ratios the report shows (the baseline first): measured in alternating slices, so that
 * whatever else the machine does at that moment weighs on every side alike.
 */
export const GROUPS: string[][] = [
  ['fastify-trivial', 'nest-trivial', 'api-trivial'],
  ['baseline-cases-list', 'cases-list'],
  ['baseline-case-get', 'case-get'],
  ['cases-page-1', 'cases-page-deep'],
];
