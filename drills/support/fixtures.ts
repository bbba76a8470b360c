import type pg from 'pg';

/**
 * Reminders that are real: set-based SQL writes organisations, users, cases and pending hand-offs
 * as the API would leave them (case events, the pending counter, all three response reminders), so
 * that the worker's handlers find what they look for. Each subject is one case of organisation n with
 * a pending referral to organisation n+1 and gives two reminders in the window:
 * - `handoff_response_due` of the hand-off: told to the target's one housing counsellor;
 * - `case_follow_up` of the case: told to its assignee;
 * so every reminder has exactly one recipient and a delivery writes exactly one notification.
 * The hand-off's escalation and expiry reminders fall due days later, outside the window.
 */
export interface FixtureOptions {
  /** Marks the fixture's organisations ("Drill <tag> n") and users; letters, digits and '-'. */
  tag: string;
  /** Cases with a pending hand-off each: 2 × subjects reminders in the window. */
  subjects: number;
  organisations: number;
  dueFrom: Date;
  /** Due times are spread uniformly over [dueFrom, dueFrom + spreadMs); 0: all at the same instant. */
  spreadMs: number;
}

export interface Fixture {
  tag: string;
  reminders: number;
  dueFrom: Date;
  dueUntil: Date;
  /** LIKE pattern of the fixture's organisation names. */
  organisations: string;
}

/** A placeholder that no password verifies against; nobody signs in as a fixture user. */
const NO_PASSWORD = '$argon2id$v=19$m=19456,t=2,p=1$ZHJpbGwtZml4dHVyZQ$bm8tcGFzc3dvcmQtbWF0Y2hlcy10aGlzLWhhc2g';
const CONSENT = JSON.stringify({ given: true, givenAt: '2026-11-02T09:00:00Z', method: 'verbal', scope: 'this_handoff' });

export async function createFixture(client: pg.Client, options: FixtureOptions): Promise<Fixture> {
  if (!/^[a-z0-9-]{1,40}$/.test(options.tag)) throw new Error(`fixture tag "${options.tag}" must be letters, digits and '-'`);
  if (options.organisations < 2) throw new Error('a fixture needs at least two organisations');
  const prefix = `Drill ${options.tag} `;
  const codeBase = await freeCodeRange(client, options.subjects);
  await client.query('BEGIN');
  try {
    await client.query(
      `CREATE TEMP TABLE fx_org ON COMMIT DROP AS
         SELECT no, gen_random_uuid() AS id, gen_random_uuid() AS counsellor, gen_random_uuid() AS lead
           FROM generate_series(1, $1::int) AS no`,
      [options.organisations],
    );
    await client.query(
      `INSERT INTO organisations (id, kind, name, description, accepts_referrals, response_sla_working_days, active)
       SELECT id, 'ngo', $1 || no, 'Fixture of a reliability drill', true, 3, true FROM fx_org`,
      [prefix],
    );
    await client.query(
      `INSERT INTO users (id, organisation_id, email, display_name, password_hash, roles, domains, languages, preferred_locale)
       SELECT counsellor, id, $1 || '-counsellor-' || no || '@drill.invalid', 'Drill counsellor ' || no, $2, '{counsellor}'::text[], '{housing}'::text[], '{de}'::text[], 'de'
         FROM fx_org
       UNION ALL
       SELECT lead, id, $1 || '-lead-' || no || '@drill.invalid', 'Drill lead ' || no, $2, '{lead}'::text[], '{}'::text[], '{de}'::text[], 'de'
         FROM fx_org`,
      [options.tag, NO_PASSWORD],
    );
    await client.query(
      `CREATE TEMP TABLE fx_subject ON COMMIT DROP AS
         SELECT n, gen_random_uuid() AS case_id, gen_random_uuid() AS handoff_id,
                'Z' || upper(lpad(to_hex($1::int + n), 7, '0')) AS code,
                1 + n % $2::int AS org_no, 1 + (n + 1) % $2::int AS target_no,
                $3::timestamptz + random() * $4::float8 * interval '1 millisecond' AS response_due,
                $3::timestamptz + random() * $4::float8 * interval '1 millisecond' AS follow_up_due
           FROM generate_series(1, $5::int) AS n`,
      [codeBase, options.organisations, options.dueFrom, options.spreadMs, options.subjects],
    );
    await client.query(
      `INSERT INTO cases (id, code, organisation_id, assignee_id, status, needs, languages, urgency, follow_up_on, created_by_id, pending_handoffs)
       SELECT s.case_id, s.code, o.id, o.counsellor, 'open', '{housing}', '{de}', 'normal',
              (s.follow_up_due AT TIME ZONE 'Europe/Berlin')::date, o.counsellor, 1
         FROM fx_subject s JOIN fx_org o ON o.no = s.org_no`,
    );
    await client.query(
      `INSERT INTO handoffs (id, case_id, case_code, kind, status, sending_organisation_id, sender_id, sender_case_assignee_id,
                             target_organisation_id, domains, message, urgency, languages, consent, response_due_at)
       SELECT s.handoff_id, s.case_id, s.code, 'referral', 'pending', o.id, o.counsellor, o.counsellor,
              t.id, '{housing}', 'Drill: bitte um Rückmeldung zur Wohnungssuche.', 'normal', '{de}', $1::jsonb, s.response_due
         FROM fx_subject s JOIN fx_org o ON o.no = s.org_no JOIN fx_org t ON t.no = s.target_no`,
      [CONSENT],
    );
    await client.query(
      `INSERT INTO case_events (case_id, handoff_id, kind, occurred_at, actor_id, actor_organisation_id, data)
       SELECT s.case_id, s.handoff_id, 'handoff_created', now(), o.counsellor, o.id,
              jsonb_build_object('kind', 'referral', 'targetOrganisationId', t.id)
         FROM fx_subject s JOIN fx_org o ON o.no = s.org_no JOIN fx_org t ON t.no = s.target_no`,
    );
    await client.query(
      `INSERT INTO reminders (kind, case_id, handoff_id, due_at)
       SELECT 'handoff_response_due', case_id, handoff_id, response_due FROM fx_subject
       UNION ALL SELECT 'handoff_escalation', case_id, handoff_id, response_due + interval '1 day' FROM fx_subject
       UNION ALL SELECT 'handoff_expiry', case_id, handoff_id, response_due + interval '8 days' FROM fx_subject
       UNION ALL SELECT 'case_follow_up', case_id, NULL, follow_up_due FROM fx_subject`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return {
    tag: options.tag,
    reminders: 2 * options.subjects,
    dueFrom: options.dueFrom,
    dueUntil: new Date(options.dueFrom.getTime() + options.spreadMs),
    organisations: `${prefix}%`,
  };
}

/** A start for sequential case codes ('Z' + 7 hex digits) with no existing code in the range. */
async function freeCodeRange(client: pg.Client, size: number): Promise<number> {
  const code = (n: number) => `Z${n.toString(16).toUpperCase().padStart(7, '0')}`;
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = Math.floor(Math.random() * (0x0fffffff - size - 1));
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE code BETWEEN $1 AND $2`, [
      code(base + 1),
      code(base + size),
    ]);
    if (rows[0].n === 0) return base;
  }
  throw new Error('no free range of case codes found');
}

export interface DeliveryAnalysis {
  reminders: number;
  delivered: number;
  /** Due (by `asOf`) but still scheduled. */
  lost: number;
  notDueYet: number;
  cancelled: number;
  /** Delivered before their due time. */
  early: number;
  /** Reminders with more than the one expected notification. */
  duplicated: number;
  /** Delivered without a notification. */
  silent: number;
  /** settled_at − due_at of the delivered ones, in ms. */
  lateness: { p50: number; p95: number; p99: number; max: number; min: number };
  firstDue: Date | null;
  lastDue: Date | null;
  firstSettled: Date | null;
  lastSettled: Date | null;
}

/** The source of truth about a fixture's reminders: states, notifications per reminder, lateness. */
export async function analyseFixture(client: pg.Client, fixture: Fixture, asOf: Date): Promise<DeliveryAnalysis> {
  // Fresh statistics first: right after a bulk insert the planner would pick nested loops over 100,000s of rows.
  await client.query('ANALYZE reminders, notifications, cases, organisations');
  const { rows } = await client.query(
    `WITH fx AS MATERIALIZED (
       SELECT r.id, r.kind, r.status, r.due_at, r.settled_at, r.handoff_id, r.case_id,
              extract(epoch FROM r.settled_at - r.due_at) * 1000 AS lateness
         FROM reminders r JOIN cases c ON c.id = r.case_id JOIN organisations o ON o.id = c.organisation_id
        WHERE o.name LIKE $1 AND r.kind IN ('handoff_response_due', 'case_follow_up')
     ), told_handoff AS (
       SELECT handoff_id, count(*) AS n FROM notifications
        WHERE kind = 'handoff_response_due' AND handoff_id IN (SELECT handoff_id FROM fx WHERE kind = 'handoff_response_due')
        GROUP BY handoff_id
     ), told_case AS (
       SELECT case_id, count(*) AS n FROM notifications
        WHERE kind = 'case_follow_up_due' AND handoff_id IS NULL AND case_id IN (SELECT case_id FROM fx WHERE kind = 'case_follow_up')
        GROUP BY case_id
     ), told AS (
       SELECT fx.*, coalesce(h.n, c.n, 0) AS n
         FROM fx
         LEFT JOIN told_handoff h ON fx.kind = 'handoff_response_due' AND h.handoff_id = fx.handoff_id
         LEFT JOIN told_case c ON fx.kind = 'case_follow_up' AND c.case_id = fx.case_id
     )
     SELECT count(*)::int AS reminders,
            count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE status = 'scheduled' AND due_at <= $2)::int AS lost,
            count(*) FILTER (WHERE status = 'scheduled' AND due_at > $2)::int AS not_due,
            count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
            count(*) FILTER (WHERE status = 'delivered' AND settled_at < due_at)::int AS early,
            count(*) FILTER (WHERE n > 1)::int AS duplicated,
            count(*) FILTER (WHERE status = 'delivered' AND n = 0)::int AS silent,
            percentile_disc(0.5) WITHIN GROUP (ORDER BY lateness) FILTER (WHERE status = 'delivered') AS p50,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY lateness) FILTER (WHERE status = 'delivered') AS p95,
            percentile_disc(0.99) WITHIN GROUP (ORDER BY lateness) FILTER (WHERE status = 'delivered') AS p99,
            max(lateness) FILTER (WHERE status = 'delivered') AS max,
            min(lateness) FILTER (WHERE status = 'delivered') AS min,
            min(due_at) AS first_due, max(due_at) AS last_due,
            min(settled_at) FILTER (WHERE status = 'delivered') AS first_settled,
            max(settled_at) FILTER (WHERE status = 'delivered') AS last_settled
       FROM told`,
    [fixture.organisations, asOf],
  );
  const row = rows[0];
  const num = (value: unknown) => (value === null || value === undefined ? Number.NaN : Number(value));
  return {
    reminders: row.reminders,
    delivered: row.delivered,
    lost: row.lost,
    notDueYet: row.not_due,
    cancelled: row.cancelled,
    early: row.early,
    duplicated: row.duplicated,
    silent: row.silent,
    lateness: { p50: num(row.p50), p95: num(row.p95), p99: num(row.p99), max: num(row.max), min: num(row.min) },
    firstDue: row.first_due,
    lastDue: row.last_due,
    firstSettled: row.first_settled,
    lastSettled: row.last_settled,
  };
}

/** How many of the fixture's reminders (by due window) are still scheduled, and how many not yet handed to BullMQ. */
export async function fixtureProgress(client: pg.Client, fixture: Fixture): Promise<{ scheduled: number; notEnqueued: number }> {
  const { rows } = await client.query<{ scheduled: number; not_enqueued: number }>(
    `SELECT count(*)::int AS scheduled, count(*) FILTER (WHERE enqueued_at IS NULL)::int AS not_enqueued
       FROM reminders
      WHERE status = 'scheduled' AND kind IN ('handoff_response_due', 'case_follow_up') AND due_at >= $1 AND due_at <= $2`,
    [fixture.dueFrom, fixture.dueUntil],
  );
  return { scheduled: rows[0].scheduled, notEnqueued: rows[0].not_enqueued };
}
