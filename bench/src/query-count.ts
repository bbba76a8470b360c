import { expectedStatements } from './baselines/product-sql';
import type { Fixture, Role } from './fixtures';
import { startStatementCounter } from './pg-counter';
import { startNode, stop, waitForOk } from './processes';

export interface StatementProbe {
  label: string;
  statements: number;
}

interface Probe {
  label: string;
  role: Role | null;
  next(): { method: 'GET' | 'POST' | 'PATCH'; path: string; body?: string };
  /** Receives each answer's body. */
  collect?(body: unknown): void;
}

export interface QueryCountResult {
  method: string;
  requestsPerProbe: number;
  probes: StatementProbe[];
  /** Statements per GET /cases request at limit 10 and at limit 100. */
  list: { limit10: number; limit100: number; constant: boolean };
  /** Whether the bare baseline's SQL is the SQL the API sent (whitespace aside); the differing texts when not. */
  baselineSql: { same: boolean; differences: { expected: string; actual: string | null }[] };
}

const REQUESTS_PER_PROBE = 10;

/**
 * Counts the SQL statements per request: a second API process (same build and settings) talks to
 * Postgres through a counting proxy (pg-counter.ts), and each probe sends sequential requests
 * after a warm-up. The proxy never sits in the path of the timed runs.
 */
export async function countStatementsPerRequest(options: {
  fixture: Fixture;
  env: NodeJS.ProcessEnv;
  databaseUrl: string;
  port: number;
  apiScript: string;
  logFile: string;
}): Promise<QueryCountResult> {
  const database = new URL(options.databaseUrl);
  const counter = await startStatementCounter({ host: database.hostname, port: Number(database.port || 5432) });
  const proxied = new URL(options.databaseUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(counter.port);
  const api = startNode(
    'API (counted)',
    options.apiScript,
    { ...options.env, PORT: String(options.port), DATABASE_URL: proxied.toString() },
    options.logFile,
  );
  try {
    const base = `http://127.0.0.1:${options.port}/api/v1`;
    await waitForOk(`${base}/health/ready`, api);
    const f = options.fixture;
    const read = (label: string, path: string, role: Role | null): Probe => ({ label, role, next: () => ({ method: 'GET', path }) });
    // Write probes: each hand-off a fresh case of the sender's (kept aside for them), each accept one of the hand-offs
    // the create probe made; the case probes change and close the cases they open.
    const created: string[] = [];
    const opened: string[] = [];
    const changed: string[] = [];
    const probes: Probe[] = [
      read('GET /cases?status=active&limit=10', '/cases?status=active&limit=10', 'counsellor'),
      read('GET /cases?status=active&limit=50', '/cases?status=active&limit=50', 'counsellor'),
      read('GET /cases?status=active&limit=100', '/cases?status=active&limit=100', 'counsellor'),
      read('GET /cases/:id', `/cases/${f.caseIds[0]}`, 'counsellor'),
      read('GET /handoffs?direction=incoming', '/handoffs?direction=incoming', 'receiver'),
      read('GET /dashboards/me', '/dashboards/me', 'counsellor'),
      read('GET /dashboards/organisations/:id', `/dashboards/organisations/${f.sender.id}`, 'lead'),
      read('GET /dashboards/network', '/dashboards/network', 'coordinator'),
      read('GET /health/live', '/health/live', null),
      {
        label: 'POST /cases',
        role: 'counsellor',
        next: () => ({ method: 'POST', path: '/cases', body: JSON.stringify({ needs: [f.domains[0]], languages: ['ar'] }) }),
        collect: (body) => opened.push((body as { id: string }).id),
      },
      {
        label: 'PATCH /cases/:id',
        role: 'counsellor',
        next: () => {
          const id = opened.shift() ?? fail('no case is left for the change probe');
          changed.push(id);
          return { method: 'PATCH', path: `/cases/${id}`, body: JSON.stringify({ urgency: 'high', district: 'ost' }) };
        },
      },
      {
        label: 'POST /cases/:id/close',
        role: 'counsellor',
        next: () => ({
          method: 'POST',
          path: `/cases/${changed.shift() ?? fail('no case is left for the close probe')}/close`,
          body: JSON.stringify({ outcome: 'resolved' }),
        }),
      },
      {
        label: 'POST /cases/:id/handoffs',
        role: 'counsellor',
        next: () => ({
          method: 'POST',
          path: `/cases/${f.probeCases.pop() ?? fail('no case of the sender is left for the write probes')}/handoffs`,
          body: JSON.stringify({
            targetOrganisationId: f.receiver.id,
            kind: 'referral',
            domains: [f.domains[0]],
            message: 'Bitte um Beratung zur Anerkennung des Berufsabschlusses.',
            consent: { given: true, givenAt: new Date().toISOString(), method: 'verbal', scope: 'this_handoff' },
          }),
        }),
        collect: (body) => created.push((body as { id: string }).id),
      },
      {
        label: 'POST /handoffs/:id/accept',
        role: 'receiver',
        next: () => ({ method: 'POST', path: `/handoffs/${created.shift()}/accept`, body: '{}' }),
      },
    ];
    const send = async (probe: Probe) => {
      const request = probe.next();
      const response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: {
          ...(probe.role ? { authorization: `Bearer ${f.tokens[probe.role]}` } : {}),
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: request.body,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${probe.label} answered ${response.status} in the query count: ${text.slice(0, 200)}`);
      probe.collect?.(JSON.parse(text));
    };
    const results: StatementProbe[] = [];
    const texts = new Map<string, string[]>();
    for (const probe of probes) {
      await send(probe);
      counter.reset();
      await send(probe);
      texts.set(probe.label, counter.texts());
      counter.reset();
      for (let index = 0; index < REQUESTS_PER_PROBE; index++) await send(probe);
      results.push({ label: probe.label, statements: counter.statements() / REQUESTS_PER_PROBE });
    }
    const of = (label: string) => results.find((probe) => probe.label === label)!.statements;
    const expected = expectedStatements();
    const differences = [
      ...compare(expected.list, texts.get('GET /cases?status=active&limit=50') ?? []),
      ...compare(expected.get, texts.get('GET /cases/:id') ?? []),
    ];
    return {
      method:
        'A second API process talks to Postgres through a counting proxy that reads the wire protocol: each simple Query and each extended-protocol Execute is one statement. Sequential requests after a warm-up; no other client uses that proxy.',
      requestsPerProbe: REQUESTS_PER_PROBE,
      probes: results,
      list: {
        limit10: of('GET /cases?status=active&limit=10'),
        limit100: of('GET /cases?status=active&limit=100'),
        constant: of('GET /cases?status=active&limit=10') === of('GET /cases?status=active&limit=100'),
      },
      baselineSql: { same: differences.length === 0, differences },
    };
  } finally {
    await stop(api);
    await counter.close();
  }
}

const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim();

function compare(expected: string[], actual: string[]): { expected: string; actual: string | null }[] {
  const differences: { expected: string; actual: string | null }[] = [];
  for (let index = 0; index < Math.max(expected.length, actual.length); index++) {
    if (normalise(expected[index] ?? '') !== normalise(actual[index] ?? '')) {
      differences.push({ expected: expected[index] ?? '(nothing)', actual: actual[index] ?? null });
    }
  }
  return differences;
}

function fail(message: string): never {
  throw new Error(message);
}
