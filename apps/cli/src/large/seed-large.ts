import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { PasswordHasher } from '@app/counsellors';
import { buildNetwork, seededRandom, type LargeNetwork } from './network';
import { caseCodeCheckTables, literal } from './sql';
import {
  applyHandoffsToCases,
  AUDIT_STAGE,
  createAuditStage,
  createCaseStaging,
  createHandoffPlan,
  createHandoffStaging,
  INSERT_AUDIT_CHAIN,
  INSERT_CASE_SHARES,
  INSERT_CASES,
  INSERT_HANDOFFS,
  insertCaseEvents,
  insertNotifications,
  insertReminders,
  type SeedPlan,
} from './statements';
import { DISTRICT_WEIGHTS, DOMAIN_WEIGHTS, LANGUAGE_WEIGHTS, RARE_LANGUAGE_WEIGHT, type Weights } from './vocabulary';

/**
 * The large data set for dashboards and the benchmark (scale 1: 200 organisations, 3,000 staff,
 * 1,000,000 cases, 400,000 hand-offs, millions of timeline, audit, notification and reminder rows),
 * written with set-based SQL: the network is built in Node (a few thousand rows), everything else
 * by INSERT … SELECT from generate_series through TEMP working tables of the seeding session.
 *
 * - Indexes and primary keys of the bulk tables are dropped and rebuilt (from their own definitions,
 *   read from the catalogue) inside the transaction that loads the table, so a failure leaves them
 *   intact. The unique partial indexes (one pending hand-off per target, unique case codes, one
 *   live reminder per kind) are rebuilt too, which re-checks them.
 * - The audit log goes through its hash-chain trigger, row by row: the entries are staged once with
 *   ids reserved from the sequence in time order, then written chain by chain (the trigger's 16
 *   chains are independent) by two sessions in parallel, so `audit:verify` accepts the result. Its
 *   non-unique indexes are rebuilt afterwards (also when seeding fails); the append-only triggers
 *   are never touched.
 * - Every seeded account has the same password (one argon2id hash, reused).
 */
export interface LargeSeedOptions {
  /** 1 = the full data set; 0.01 = a hundredth of the cases and hand-offs (and fewer organisations and staff). */
  scale: number;
  log?: (line: string) => void;
}

export interface LargeSeedResult {
  password: string;
  logins: { role: string; email: string; organisation: string }[];
  /** Rows per table after seeding (whole tables, including anything there before). */
  rows: Record<string, number>;
  seconds: number;
}

export const LARGE_SEED_PASSWORD = 'Leipzig-Large-2026!';
const EMAIL_DOMAIN = 'large.leipzig.example';

/** Session settings for bulk work; undone by DISCARD ALL before the connection goes back to the pool. */
const SESSION_SETTINGS = [
  'SET statement_timeout = 0',
  'SET idle_in_transaction_session_timeout = 0',
  'SET synchronous_commit = off',
  // JIT compiling the long generated expressions costs more than it saves, even at full scale.
  'SET jit = off',
  "SET work_mem = '1GB'",
  "SET maintenance_work_mem = '1GB'",
  "SET temp_buffers = '1GB'",
];

export const SEEDED_TABLES = [
  'organisations',
  'services',
  'users',
  'cases',
  'handoffs',
  'case_shares',
  'case_events',
  'notifications',
  'reminders',
  'audit_log',
] as const;

export async function seedLargeDataSet(dataSource: DataSource, options: LargeSeedOptions): Promise<LargeSeedResult> {
  const { scale } = options;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError('scale must be a positive number');
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  /** Runs one step and logs its time (and its row count when it returns one). */
  const step = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const begun = performance.now();
    const result = await work();
    const count = typeof result === 'number' ? ` ${result.toLocaleString('en-US')} rows,` : '';
    log(`  ${label.padEnd(44)}${count} ${seconds(begun)} s`);
    return result;
  };

  const main = await openSession(dataSource);
  try {
    const now = new Date();
    const reference = await readReference(main);
    const existing = await main.query(
      `SELECT EXISTS (SELECT 1 FROM cases) AS cases, EXISTS (SELECT 1 FROM users WHERE email LIKE $1) AS users`,
      [`%@${EMAIL_DOMAIN}`],
    );
    // Another run on the same database (--force) gets its own e-mail domain and code range.
    const emailDomain = existing[0].users ? `run-${randomBytes(3).toString('hex')}.${EMAIL_DOMAIN}` : EMAIL_DOMAIN;
    const cases = Math.max(100, Math.round(1_000_000 * scale));
    const codeBase = existing[0].cases ? 2 ** 30 + Math.floor(Math.random() * (2 ** 34 - 2 ** 30 - cases)) : 0;
    log(`Seeding the large data set at scale ${scale}: ${cases.toLocaleString('en-US')} cases.`);

    const network = await step('network: organisations, services, staff', async () => {
      const passwordHash = await new PasswordHasher().hash(LARGE_SEED_PASSWORD);
      const built = buildNetwork({
        organisations: Math.max(8, Math.round(200 * Math.min(1, Math.sqrt(scale)))),
        users: Math.max(40, Math.round(3000 * Math.sqrt(scale))),
        emailDomain,
        domains: reference.domains,
        languages: reference.languages,
        districts: reference.districts,
        domainNames: new Map(Object.entries(reference.domainNames)),
        now,
        random: seededRandom(Math.round(scale * 1_000_000) + 17),
      });
      await insertNetwork(main, built, passwordHash);
      return built;
    });

    const plan: SeedPlan = {
      now: `${literal(now.toISOString())}::timestamptz`,
      cases,
      handoffs: Math.round(cases * 0.4),
      codeBase,
      checkTables: caseCodeCheckTables(),
      domains: reference.domains,
      languages: reference.languages,
      districts: reference.districts,
      domainNames: reference.domainNames,
      caseOrganisations: network.organisations.map((o) => [o.no, o.weight] as const),
      accepting: network.organisations.filter((o) => o.active && o.accepts_referrals).map((o) => o.no),
    };

    await createNetworkTables(main, network);
    await step('working table: cases', () => count(main, createCaseStaging(plan)));
    if (existing[0].cases) {
      await step('skip codes already in use', () => count(main, 'DELETE FROM seed_case s USING cases c WHERE c.code = s.code'));
    }
    await main.query('ANALYZE seed_case');
    await step('working table: hand-off plan', async () => {
      for (const statement of createHandoffPlan(plan)) await main.query(statement);
      await main.query('ANALYZE seed_plan');
    });
    await step('working table: hand-offs', () => count(main, createHandoffStaging(plan)));
    await main.query('ANALYZE seed_handoff');
    await step('working table: transfers and pending counters', async () => {
      for (const statement of applyHandoffsToCases()) await main.query(statement);
    });

    const auditRows = await step('audit entries staged', () => stageAudit(main, plan));
    const chains = Array.from({ length: 16 }, (_, chain) => chain);
    const audit = async (runner: QueryRunner) => {
      for (let chain = chains.shift(); chain !== undefined; chain = chains.shift()) await runner.query(INSERT_AUDIT_CHAIN, [chain]);
    };
    // The log's non-unique indexes are rebuilt afterwards; its unique (chain, seq) index, which the trigger reads, stays.
    const auditIndexes = await dropIndexes(main, ['audit_log'], { keepConstraints: true, keepUnique: true });
    try {
      const auditStarted = performance.now();
      // A second session writes audit chains while this one loads the other tables; then both share the rest.
      // (With a pool of one connection, this session does it all.)
      const pool = (dataSource.options as { extra?: { max?: number } }).extra?.max ?? 10;
      const helper = (async () => {
        if (pool < 2) return;
        const runner = await openSession(dataSource);
        try {
          await audit(runner);
        } finally {
          await closeSession(runner);
        }
      })();
      const tables = (async () => {
        try {
          await withRebuiltIndexes(main, ['cases', 'handoffs', 'case_shares'], log, async () => {
            await step('cases', () => count(main, INSERT_CASES));
            await step('handoffs', () => count(main, INSERT_HANDOFFS));
            await step('case_shares', () => count(main, INSERT_CASE_SHARES));
          });
          await withRebuiltIndexes(main, ['case_events', 'notifications', 'reminders'], log, async () => {
            await step('case_events', () => count(main, insertCaseEvents(plan)));
            // Seeded notifications were e-mailed long ago: none goes into the e-mail outbox. Disabled inside
            // this transaction only, so a failure leaves the trigger on.
            await main.query('ALTER TABLE notifications DISABLE TRIGGER notifications_queue_emails');
            await step('notifications', () => count(main, insertNotifications(plan)));
            await main.query('ALTER TABLE notifications ENABLE TRIGGER notifications_queue_emails');
            await step('reminders', () => count(main, insertReminders(plan)));
          });
        } catch (error) {
          chains.length = 0; // the helper stops after its current chain
          throw error;
        }
        await audit(main);
      })();
      const results = await Promise.allSettled([tables, helper]);
      for (const result of results) if (result.status === 'rejected') throw result.reason;
      const label = `audit_log (hash-chain trigger, ${pool < 2 ? '1 session' : '2 sessions'})`;
      log(`  ${label.padEnd(44)} ${auditRows.toLocaleString('en-US')} rows, ${seconds(auditStarted)} s`);
    } finally {
      const begun = performance.now();
      // Committed drops: restore them even when seeding failed, on a fresh session if this one broke.
      await restoreIndexes(main, auditIndexes).catch(async () => {
        const runner = await openSession(dataSource);
        try {
          await restoreIndexes(runner, auditIndexes);
        } finally {
          await closeSession(runner);
        }
      });
      log(`  ${'indexes of audit_log'.padEnd(44)} ${auditIndexes.length} rebuilt, ${seconds(begun)} s`);
      await main.query(`DROP TABLE IF EXISTS ${AUDIT_STAGE}`);
    }

    // VACUUM sets the visibility map, so the dashboards' covering indexes give index-only scans at once
    // (in production autovacuum does this over time).
    await step('VACUUM ANALYZE', () => main.query('VACUUM ANALYZE'));
    const rows: Record<string, number> = {};
    for (const table of SEEDED_TABLES) {
      const [{ count: total }] = await main.query(`SELECT count(*)::int AS count FROM ${table}`);
      rows[table] = total;
    }
    const logins = sampleLogins(network);
    return { password: LARGE_SEED_PASSWORD, logins, rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    await closeSession(main);
  }
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}

async function openSession(dataSource: DataSource): Promise<QueryRunner> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  for (const setting of SESSION_SETTINGS) await runner.query(setting);
  return runner;
}

async function closeSession(runner: QueryRunner): Promise<void> {
  try {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.query('DISCARD ALL');
  } catch {
    // A broken connection: nothing to reset, and the error that broke it is already on its way.
  } finally {
    await runner.release();
  }
}

async function count(runner: QueryRunner, sql: string, parameters?: unknown[]): Promise<number> {
  const result = await runner.query(sql, parameters, true);
  return result.affected ?? 0;
}

interface Reference {
  domains: Weights;
  languages: Weights;
  districts: Weights;
  domainNames: Record<string, string>;
}

/** The vocabularies as they are in the database, weighted; unknown codes get a small weight. */
async function readReference(runner: QueryRunner): Promise<Reference> {
  const weigh = (codes: string[], weights: Weights, fallback: number): Weights => {
    const known = new Map(weights);
    return codes.map((code) => [code, known.get(code) ?? fallback] as const);
  };
  const domains: { code: string; name_de: string }[] = await runner.query(
    'SELECT code, name_de FROM counselling_domains WHERE active ORDER BY sort_order',
  );
  const languages: { code: string }[] = await runner.query('SELECT code FROM languages ORDER BY code');
  const districts: { code: string }[] = await runner.query('SELECT code FROM districts ORDER BY sort_order');
  if (!domains.length || !languages.length || !districts.length)
    throw new Error('The reference tables are empty; run the migrations first.');
  return {
    domains: weigh(
      domains.map((d) => d.code),
      DOMAIN_WEIGHTS,
      1,
    ),
    languages: weigh(
      languages.map((l) => l.code),
      LANGUAGE_WEIGHTS,
      RARE_LANGUAGE_WEIGHT,
    ),
    districts: weigh(
      districts.map((d) => d.code),
      DISTRICT_WEIGHTS,
      3,
    ),
    domainNames: Object.fromEntries(domains.map((d) => [d.code, d.name_de])),
  };
}

async function insertNetwork(runner: QueryRunner, network: LargeNetwork, passwordHash: string): Promise<void> {
  await runner.startTransaction();
  try {
    await runner.query(
      `INSERT INTO organisations (id, created_at, updated_at, kind, name, short_name, description, email, phone, website, address,
                                  opening_hours, districts, languages, accepts_referrals, response_sla_working_days, active)
       SELECT id, created_at, created_at, kind, name, short_name, description, email, phone, website, address,
              opening_hours, districts, languages, accepts_referrals, response_sla_working_days, active
         FROM jsonb_to_recordset($1::jsonb) AS x (id uuid, created_at timestamptz, kind text, name text, short_name text, description text,
              email text, phone text, website text, address jsonb, opening_hours text, districts text[], languages text[],
              accepts_referrals boolean, response_sla_working_days int, active boolean)`,
      [JSON.stringify(network.organisations)],
    );
    await runner.query(
      `INSERT INTO services (id, created_at, updated_at, organisation_id, name, description, domain, languages, districts, eligibility,
                             capacity_status, active)
       SELECT id, created_at, created_at, organisation_id, name, description, domain, languages, districts, eligibility, capacity_status, active
         FROM jsonb_to_recordset($1::jsonb) AS x (id uuid, created_at timestamptz, organisation_id uuid, name text, description text,
              domain text, languages text[], districts text[], eligibility text, capacity_status text, active boolean)`,
      [JSON.stringify(network.services)],
    );
    await runner.query(
      `INSERT INTO users (id, created_at, updated_at, organisation_id, email, display_name, password_hash, roles, languages, domains,
                          case_capacity, preferred_locale, active, last_login_at)
       SELECT id, created_at, created_at, organisation_id, email, display_name, $2, roles, languages, domains,
              case_capacity, preferred_locale, active, last_login_at
         FROM jsonb_to_recordset($1::jsonb) AS x (id uuid, created_at timestamptz, organisation_id uuid, email text, display_name text,
              roles text[], languages text[], domains text[], case_capacity int, preferred_locale text, active boolean,
              last_login_at timestamptz)`,
      [JSON.stringify(network.users), passwordHash],
    );
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

/**
 * The working tables of the network: per organisation its active counsellors and leads (assignees,
 * senders, recipients) and, per domain, the services that can receive hand-offs (with their
 * organisations), repeated by the size of their organisation so that big offices receive more.
 */
async function createNetworkTables(runner: QueryRunner, network: LargeNetwork): Promise<void> {
  const organisations = network.organisations.map((organisation) => {
    const staff = network.users.filter(
      (user) =>
        user.organisation_no === organisation.no && user.active && (user.roles.includes('counsellor') || user.roles.includes('lead')),
    );
    const leads = staff.filter((user) => user.roles.includes('lead'));
    const team = (leads.length ? leads : staff).map((user) => user.id);
    return {
      org_no: organisation.no,
      id: organisation.id,
      sla: organisation.response_sla_working_days,
      staff: staff.map((user) => user.id),
      staff_n: staff.length,
      leads: team,
      leads_n: team.length,
    };
  });
  await runner.query(
    `CREATE TEMP TABLE seed_org AS
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x (org_no int, id uuid, sla int, staff uuid[], staff_n int, leads uuid[], leads_n int)`,
    [JSON.stringify(organisations)],
  );
  const byNo = new Map(network.organisations.map((organisation) => [organisation.no, organisation]));
  const domains = new Map<string, { domain: string; count: number; services: string[]; orgs: number[] }>();
  for (const service of network.services) {
    const organisation = byNo.get(service.organisation_no)!;
    if (!service.active || !organisation.active || !organisation.accepts_referrals) continue;
    const entry = domains.get(service.domain) ?? { domain: service.domain, count: 0, services: [], orgs: [] };
    for (let copy = Math.max(1, Math.round(Math.pow(organisation.weight, 0.7))); copy > 0; copy--) {
      entry.services.push(service.id);
      entry.orgs.push(service.organisation_no);
      entry.count++;
    }
    domains.set(service.domain, entry);
  }
  await runner.query(
    `CREATE TEMP TABLE seed_domain AS
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x (domain text, count int, services uuid[], orgs int[])`,
    [JSON.stringify([...domains.values()])],
  );
  await runner.query('ANALYZE seed_org, seed_domain');
}

interface DroppedIndex {
  drop: string;
  create: string;
}

/**
 * Drops the indexes of `tables` (optionally keeping unique ones, and primary keys and unique
 * constraints, unless another table's foreign key needs them) and returns how to recreate each
 * exactly as it was, from the catalogue.
 */
async function dropIndexes(
  runner: QueryRunner,
  tables: string[],
  options: { keepConstraints: boolean; keepUnique: boolean },
): Promise<DroppedIndex[]> {
  const constraints: DroppedIndex[] = options.keepConstraints
    ? []
    : await runner.query(
        `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', k.conrelid::regclass, k.conname) AS drop,
                format('ALTER TABLE %s ADD CONSTRAINT %I %s', k.conrelid::regclass, k.conname, pg_get_constraintdef(k.oid)) AS create
           FROM pg_constraint k
          WHERE k.conrelid = ANY($1::regclass[]) AND k.contype IN ('p', 'u')
            AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = k.conrelid)`,
        [tables],
      );
  const indexes: DroppedIndex[] = await runner.query(
    `SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS drop, pg_get_indexdef(i.indexrelid) AS create
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
        AND NOT ($2::boolean AND i.indisunique)`,
    [tables, options.keepUnique],
  );
  const dropped = [...indexes, ...constraints];
  for (const index of dropped) await runner.query(index.drop);
  return dropped;
}

/** Recreates what dropIndexes dropped; indexes that exist already (a retry) are skipped. */
async function restoreIndexes(runner: QueryRunner, dropped: DroppedIndex[]): Promise<void> {
  for (const index of [...dropped].reverse()) {
    await runner.query(index.create.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
  }
}

/**
 * Runs `load` in one transaction with the indexes and primary keys of `tables` dropped, and
 * rebuilds them before committing (sorting once is much faster than maintaining them row by row;
 * a failure rolls the drop back too).
 */
async function withRebuiltIndexes(
  runner: QueryRunner,
  tables: string[],
  log: (line: string) => void,
  load: () => Promise<void>,
): Promise<void> {
  await runner.startTransaction();
  try {
    const dropped = await dropIndexes(runner, tables, { keepConstraints: false, keepUnique: false });
    await load();
    const begun = performance.now();
    await restoreIndexes(runner, dropped);
    log(`  ${`indexes of ${tables.join(', ')}`.padEnd(44)} ${dropped.length} rebuilt, ${seconds(begun)} s`);
    await runner.commitTransaction();
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

/** Stages the audit entries with ids reserved from the log's sequence; returns how many. */
async function stageAudit(runner: QueryRunner, plan: SeedPlan): Promise<number> {
  await runner.query(`DROP TABLE IF EXISTS ${AUDIT_STAGE}`);
  const [{ sequence }] = await runner.query(`SELECT pg_get_serial_sequence('audit_log', 'id') AS sequence`);
  const [{ last }] = await runner.query(
    `SELECT greatest((SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${sequence}),
                     (SELECT coalesce(max(id), 0) FROM audit_log))::text AS last`,
  );
  const staged = await count(runner, createAuditStage(plan, BigInt(last)));
  await runner.query(`CREATE INDEX ON ${AUDIT_STAGE} (chain, id)`);
  await runner.query(`ANALYZE ${AUDIT_STAGE}`);
  await runner.query(`SELECT setval($1, $2::bigint)`, [sequence, (BigInt(last) + BigInt(staged)).toString()]);
  return staged;
}

function sampleLogins(network: LargeNetwork): LargeSeedResult['logins'] {
  const byNo = new Map(network.organisations.map((organisation) => [organisation.no, organisation.name]));
  const logins: LargeSeedResult['logins'] = [];
  for (const role of ['coordinator', 'org_admin', 'lead', 'counsellor']) {
    const user = network.users.find((candidate) => candidate.active && candidate.roles[0] === role);
    if (user) logins.push({ role, email: user.email, organisation: byNo.get(user.organisation_no) ?? '' });
  }
  return logins;
}
