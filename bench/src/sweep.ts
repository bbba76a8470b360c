import { API, ENDPOINTS } from './endpoints';
import { login, type Database, type Fixture } from './fixtures';
import { round } from './runner';

/** A single request's median above this is flagged: on the large data set, a read that slow usually reads a table whole. */
export const SWEEP_SLOW_MS = 100;
/** Timed requests per probe, one after another (after one untimed). */
const REPEATS = 5;

export interface SweepProbe {
  /** Who asks: the fixture's roles, plus the sender's org admin. */
  role: string;
  path: string;
  status: number;
  medianMs: number;
  maxMs: number;
  /** Above this median the report flags it: SWEEP_SLOW_MS, or the route's own target in quality.md. */
  limitMs: number;
}

export interface SweepResult {
  probes: SweepProbe[];
  /** GET routes of the OpenAPI document that no probe requested. */
  uncovered: string[];
}

type Who = 'counsellor' | 'lead' | 'coordinator' | 'receiver' | 'orgAdmin';

/**
 * Every GET route of the API, once per filter it takes, on the large data set: each request alone
 * (one client, no load), as a person of the biggest organisation would send it. The load runs measure
 * a few routes under load; this finds the route that reads a whole table, which only shows at scale
 * (a code search, an audit window and the jobs report did, 0.6-1.8 s each, before their indexes).
 */
export async function runSweep(context: { fixture: Fixture; database: Database; apiUrl: string }): Promise<SweepResult> {
  const { fixture: f, database, apiUrl } = context;
  const [admin] = await database.query<{ email: string }>(
    `SELECT email FROM users WHERE organisation_id = $1 AND active AND 'org_admin' = ANY(roles) ORDER BY email LIMIT 1`,
    [f.sender.id],
  );
  const tokens: Record<Who, string> = { ...f.tokens, orgAdmin: admin ? await login(`${apiUrl}${API}`, admin.email) : f.tokens.lead };
  const [subject] = await database.query<{ case_id: string; code: string; handoff_id: string; user_id: string; district: string }>(
    `SELECT c.id AS case_id, c.code, h.id AS handoff_id, u.id AS user_id, (SELECT code FROM districts ORDER BY code LIMIT 1) AS district
       FROM cases c
       JOIN handoffs h ON h.case_id = c.id
       JOIN users u ON u.email = $2
      WHERE c.organisation_id = $1
      LIMIT 1`,
    [f.sender.id, f.emails.counsellor],
  );
  const domain = f.domains[0];
  const codePrefix = subject.code.slice(0, 4);
  const window = `from=${new Date(Date.now() - 300 * 86_400_000).toISOString()}&to=${new Date(Date.now() - 150 * 86_400_000).toISOString()}`;
  // A dashboard aggregates by design: its limit is its target in quality.md.
  const requests: [Who, string, number?][] = [
    ['counsellor', '/me'],
    ['counsellor', '/reference/domains'],
    ['counsellor', '/reference/districts'],
    ['counsellor', '/reference/languages'],
    ['counsellor', '/directory/services'],
    ['counsellor', `/directory/services?domain=${domain}&language=ar&district=${subject.district}`],
    ['counsellor', '/directory/services?q=Beratung'],
    ['counsellor', '/organisations?kind=ngo'],
    ['counsellor', `/organisations/${f.sender.id}`],
    ['orgAdmin', `/organisations/${f.sender.id}/services`],
    ['orgAdmin', '/users'],
    ['orgAdmin', '/users?active=false'],
    ['orgAdmin', `/users/${subject.user_id}`],
    ['coordinator', `/users?organisationId=${f.sender.id}`],
    ['counsellor', '/cases?status=closed'],
    ['counsellor', '/cases?assignee=me'],
    ['counsellor', `/cases?domain=${domain}`],
    ['counsellor', `/cases?district=${subject.district}&urgency=high`],
    ['counsellor', `/cases?q=${codePrefix}`],
    ['counsellor', `/cases/${subject.code}`],
    ['counsellor', `/cases/${subject.case_id}/timeline`],
    ['counsellor', '/handoffs?direction=outgoing&status=declined'],
    ['receiver', '/handoffs?direction=incoming&status=expired'],
    ['counsellor', `/handoffs/${subject.handoff_id}`],
    ['receiver', '/notifications?unread=true'],
    ['receiver', '/notifications?unread=false'],
    ['orgAdmin', '/audit'],
    ['orgAdmin', `/audit?caseId=${subject.case_id}`],
    ['orgAdmin', `/audit?actorId=${subject.user_id}`],
    ['orgAdmin', `/audit?${window}`],
    ['counsellor', '/dashboards/me?format=csv'],
    ['lead', `/dashboards/organisations/${f.sender.id}?format=csv`, 100],
    ['coordinator', '/dashboards/network?format=csv', 300],
    ['coordinator', '/admin/jobs'],
    ['counsellor', '/health/ready'],
  ];
  const probes: SweepProbe[] = [];
  for (const [who, path, limitMs = SWEEP_SLOW_MS] of requests) {
    const probe = await timeRequest(apiUrl, tokens[who], path);
    probes.push({ role: who, path, limitMs, ...probe });
    console.log(`  ${probe.medianMs.toFixed(1).padStart(8)} ms  ${String(probe.status).padEnd(4)} ${who.padEnd(12)} ${path}`);
  }
  return { probes, uncovered: await uncoveredRoutes(apiUrl, requests) };
}

async function timeRequest(apiUrl: string, token: string, path: string): Promise<Omit<SweepProbe, 'role' | 'path' | 'limitMs'>> {
  const times: number[] = [];
  let status = 0;
  for (let i = 0; i <= REPEATS; i++) {
    const begun = performance.now();
    const response = await fetch(`${apiUrl}${API}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    if (i > 0) times.push(performance.now() - begun);
    status = response.status;
  }
  times.sort((a, b) => a - b);
  return { status, medianMs: round(times[Math.floor(times.length / 2)], 1), maxMs: round(times.at(-1)!, 1) };
}

/** The OpenAPI document's GET routes that neither a request here nor a GET run of the load section (endpoints.ts) matched. */
async function uncoveredRoutes(apiUrl: string, requests: [Who, string, number?][]): Promise<string[]> {
  const document = (await (await fetch(`${apiUrl}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  // The load runs' labels name their route, e.g. "GET /cases/:id".
  const loadRoutes = ENDPOINTS.filter((e) => e.server === 'api' && e.label.startsWith('GET ')).map((e) => `${API}${e.label.slice(4)}`);
  const swept = [...requests.map(([, path]) => `${API}${path}`), ...loadRoutes].map((path) => path.split(/[?, ]/)[0]);
  return Object.entries(document.paths)
    .filter(([, operations]) => 'get' in operations)
    .map(([route]) => route)
    .filter((route) => {
      const pattern = new RegExp(`^${route.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return !swept.some((path) => pattern.test(path));
    });
}
