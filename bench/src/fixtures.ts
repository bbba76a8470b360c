import pg from 'pg';
import type { PostgresCounters } from './runner';

/** The large data set's shared password and e-mail domain (apps/cli/src/large/seed-large.ts). */
export const LARGE_PASSWORD = 'Leipzig-Large-2026!';
const LARGE_EMAILS = '%@large.leipzig.example';

export type Role = 'counsellor' | 'lead' | 'coordinator' | 'receiver';

export interface Organisation {
  id: string;
  name: string;
  cases: number;
  activeCases: number;
}

/**
 * What the load needs from the data set: who signs in, which organisations send and receive,
 * which cases and hand-offs the requests name. Chosen from the database, so any scale works.
 */
export interface Fixture {
  /** The organisation with the most cases: its counsellor lists, reads and hands off cases. */
  sender: Organisation;
  /** The next biggest organisation that accepts referrals: it receives and accepts the hand-offs. */
  receiver: Organisation;
  emails: Record<Role, string>;
  tokens: Record<Role, string>;
  /** Cases of the sender, in a scattered order, for GET /cases/:id. */
  caseIds: string[];
  /** Open cases of the sender without pending hand-offs: each POST /cases/:id/handoffs uses one. */
  handoffCases: string[];
  /** A few more such cases, kept for the statement count's write probes. */
  probeCases: string[];
  /** Pending hand-offs to the receiver: each accept uses one (filled just before that run). */
  pendingHandoffs: string[];
  /** Counselling domain codes, for hand-off bodies. */
  domains: string[];
  /** `GET /cases?limit=50`: the cursor of the deepest page walked to, and its number. */
  deepPage: { number: number; cursor: string | null };
  counts: Record<string, number>;
}

export class Database {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<Database> {
    const client = new pg.Client({ connectionString: url, application_name: 'bench-runner', connectionTimeoutMillis: 5000 });
    await client.connect();
    return new Database(client);
  }

  async query<T extends pg.QueryResultRow>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(sql, parameters)).rows;
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/**
 * Checkpoints begun and WAL written so far, server-wide: the WAL insert position is exact at any
 * moment (pg_stat_wal's counters reach the view only when each connection flushes its statistics).
 * Undefined where the checkpoint count lives elsewhere (Postgres 17: pg_stat_checkpointer).
 */
export async function postgresCounters(database: Database): Promise<PostgresCounters | undefined> {
  try {
    const [row] = await database.query<{ checkpoints: string; wal_bytes: string }>(
      `SELECT checkpoints_timed + checkpoints_req AS checkpoints, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0') AS wal_bytes
         FROM pg_stat_bgwriter`,
    );
    return { checkpoints: Number(row.checkpoints), walBytes: Number(row.wal_bytes) };
  } catch {
    return undefined;
  }
}

/** Whether the database already holds cases (then the large data set is reused, not seeded again). */
export async function hasCases(database: Database): Promise<boolean> {
  const [row] = await database.query<{ cases: boolean }>('SELECT EXISTS (SELECT 1 FROM cases) AS cases');
  return row.cases;
}

/** Exact row counts of the tables that make the data set large. */
export async function tableCounts(database: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['organisations', 'users', 'cases', 'handoffs', 'case_events', 'notifications', 'reminders', 'audit_log']) {
    const [row] = await database.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
    counts[table] = row.count;
  }
  return counts;
}

/**
 * Does what autovacuum would have done by now: VACUUM (ANALYZE) each table whose dead or newly
 * inserted rows passed its autovacuum thresholds (the per-table settings of migration
 * HotTablesAutovacuum, else the server's), or whose visibility map covers less than half its pages
 * (after a bulk load). Without it the dashboards' covering indexes cannot be read index-only, and
 * every benchmark run (hand-offs, accepts) leaves more rows behind. A production server's autovacuum
 * does this by itself; this machine's Postgres runs with autovacuum off. Returns what it did.
 */
export async function vacuumIfNeeded(database: Database): Promise<{ autovacuum: string; vacuumed: string[] }> {
  const [{ autovacuum }] = await database.query<{ autovacuum: string }>('SHOW autovacuum');
  const setting = (name: string) =>
    `coalesce((SELECT split_part(o, '=', 2)::float8 FROM unnest(c.reloptions) o WHERE o LIKE '${name}=%'), current_setting('${name}')::float8)`;
  const stale = await database.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE n.nspname = current_schema() AND c.relkind = 'r'
        -- The table's size, not relpages: that is 0 until a table's first VACUUM or ANALYZE (a new queue table such as email_outbox).
        AND pg_relation_size(c.oid) > 100 * current_setting('block_size')::int
        AND (c.relallvisible < c.relpages / 2
          OR s.n_dead_tup > ${setting('autovacuum_vacuum_threshold')} + ${setting('autovacuum_vacuum_scale_factor')} * c.reltuples
          OR s.n_ins_since_vacuum > ${setting('autovacuum_vacuum_insert_threshold')} + ${setting('autovacuum_vacuum_insert_scale_factor')} * c.reltuples)
      ORDER BY c.relpages DESC`,
  );
  for (const { name } of stale) await database.query(`VACUUM (ANALYZE) "${name.replace(/"/g, '""')}"`);
  return { autovacuum, vacuumed: stale.map((row) => row.name) };
}

/** Write probes of the statement count: a warm-up, one whose SQL is kept, ten counted. */
const PROBE_CASES = 12;

interface Candidate extends Organisation {
  accepts_referrals: boolean;
  counsellor: string | null;
  lead: string | null;
}

export async function chooseFixture(
  database: Database,
  options: { handoffCases: number; caseIds: number },
): Promise<Omit<Fixture, 'tokens' | 'deepPage'>> {
  const candidates = await database.query<Candidate>(
    `WITH sizes AS (SELECT organisation_id, count(*)::int AS cases, count(*) FILTER (WHERE status <> 'closed')::int AS active
                      FROM cases GROUP BY organisation_id)
     SELECT o.id, o.name, s.cases, s.active AS "activeCases", o.accepts_referrals,
            (SELECT email FROM users u WHERE u.organisation_id = o.id AND u.active AND 'counsellor' = ANY(u.roles) AND u.email LIKE $1
              ORDER BY length(email), email LIMIT 1) AS counsellor,
            (SELECT email FROM users u WHERE u.organisation_id = o.id AND u.active AND 'lead' = ANY(u.roles) AND u.email LIKE $1
              ORDER BY length(email), email LIMIT 1) AS lead
       FROM sizes s JOIN organisations o ON o.id = s.organisation_id
      WHERE o.active
      ORDER BY s.cases DESC LIMIT 20`,
    [LARGE_EMAILS],
  );
  const sender = candidates.find((c) => c.counsellor && c.lead);
  const receiver = candidates.find((c) => c !== sender && c.accepts_referrals && c.counsellor);
  if (!sender || !receiver) throw new Error('The database does not hold the large data set (no seeded organisations with staff).');
  const [coordinator] = await database.query<{ email: string }>(
    `SELECT email FROM users WHERE active AND 'coordinator' = ANY(roles) AND email LIKE $1 ORDER BY length(email), email LIMIT 1`,
    [LARGE_EMAILS],
  );
  if (!coordinator) throw new Error('The large data set has no active coordinator.');

  const caseIds = await database.query<{ id: string }>(`SELECT id FROM cases WHERE organisation_id = $1 ORDER BY md5(id::text) LIMIT $2`, [
    sender.id,
    options.caseIds,
  ]);
  const handoffCases = await database.query<{ id: string }>(
    `SELECT id FROM cases WHERE organisation_id = $1 AND status <> 'closed' AND pending_handoffs = 0 ORDER BY md5(id::text) LIMIT $2`,
    [sender.id, options.handoffCases],
  );
  const domains = await database.query<{ code: string }>('SELECT code FROM counselling_domains WHERE active ORDER BY sort_order');
  const organisation = (c: Candidate): Organisation => ({ id: c.id, name: c.name, cases: c.cases, activeCases: c.activeCases });
  return {
    sender: organisation(sender),
    receiver: organisation(receiver),
    emails: { counsellor: sender.counsellor!, lead: sender.lead!, coordinator: coordinator.email, receiver: receiver.counsellor! },
    caseIds: caseIds.map((row) => row.id),
    probeCases: handoffCases.slice(0, PROBE_CASES).map((row) => row.id),
    handoffCases: handoffCases.slice(PROBE_CASES).map((row) => row.id),
    pendingHandoffs: [],
    domains: domains.map((row) => row.code),
    counts: {},
  };
}

/** Pending hand-offs to the receiver, oldest first (those the hand-off run just created among them). */
export async function pendingHandoffsTo(database: Database, organisationId: string): Promise<string[]> {
  const rows = await database.query<{ id: string }>(
    `SELECT id FROM handoffs WHERE target_organisation_id = $1 AND status = 'pending' ORDER BY created_at, id`,
    [organisationId],
  );
  return rows.map((row) => row.id);
}

/** Signs in through the API; returns the access token. */
export async function login(apiUrl: string, email: string): Promise<string> {
  const response = await fetch(`${apiUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: LARGE_PASSWORD }),
  });
  if (!response.ok) throw new Error(`Login of ${email} failed: HTTP ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { accessToken: string };
  return body.accessToken;
}

/** Follows `nextCursor` from page 1 to page `target` (or the last page); returns that page's cursor. */
export async function walkCursors(url: string, token: string, target: number): Promise<{ number: number; cursor: string | null }> {
  let cursor: string | null = null;
  let page = 1;
  while (page < target) {
    const response = await fetch(`${url}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`Walking the list's pages failed at page ${page}: HTTP ${response.status}`);
    const body = (await response.json()) as { nextCursor: string | null };
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
    page++;
  }
  return { number: page, cursor };
}
