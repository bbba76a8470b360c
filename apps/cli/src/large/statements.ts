import { referralNeedsShare } from '@app/cases';
import {
  addWorkingDays,
  berlinDate,
  caseBodySql,
  caseCodeSql,
  endOfBerlinDay,
  isoString,
  literal,
  randomBelow,
  textArray,
  uniformPick,
  weightedIntPick,
  weightedPick,
} from './sql';
import {
  AGE_BAND_WEIGHTS,
  CASE_OUTCOME_WEIGHTS,
  CHANNEL_WEIGHTS,
  CLOSING_COMMENTS,
  CONSENT_METHOD_WEIGHTS,
  CONSENT_SCOPE_WEIGHTS,
  DECLINE_COMMENTS,
  DECLINE_REASON_WEIGHTS,
  EU_LANGUAGES,
  GENDER_WEIGHTS,
  HANDOFF_MESSAGE_ENDINGS,
  HANDOFF_OUTCOME_WEIGHTS,
  NOTE_TEXTS,
  OFFICE_ADDRESSES,
  OPEN_STATUS_WEIGHTS,
  RESIDENCE_WEIGHTS_EU,
  RESIDENCE_WEIGHTS_OTHER,
  RESIDENCE_WEIGHTS_UKRAINIAN,
  SETTLED_HANDOFF_WEIGHTS,
  UPDATED_FIELDS,
  URGENCY_WEIGHTS,
  WITHDRAW_COMMENTS,
  type Weights,
} from './vocabulary';

/**
 * The set-based statements of the large seed. Working tables are TEMP tables of the seeding
 * session (`seed_*`, no WAL, gone with the session); only the audit staging table is a regular
 * UNLOGGED table, because the audit log is written from two sessions in parallel.
 */
export interface SeedPlan {
  /** SQL timestamptz literal of the seed's "now". */
  now: string;
  cases: number;
  handoffs: number;
  /** Added to the case number before it is turned into a code (0 on an empty database). */
  codeBase: number;
  checkTables: number[][];
  domains: Weights;
  languages: Weights;
  districts: Weights;
  domainNames: Record<string, string>;
  /** Organisation numbers weighted by their share of the cases. */
  caseOrganisations: (readonly [no: number, weight: number])[];
  /** Numbers of the active organisations that accept referrals. */
  accepting: number[];
}

export const AUDIT_STAGE = 'seed_large_audit_stage';
const DAY = "interval '1 day'";
const HOUR = "interval '1 hour'";

const staffPick = (organisation: string) => `${organisation}.staff[1 + ${randomBelow(`${organisation}.staff_n`)}]`;
const leadPick = (organisation: string) => `${organisation}.leads[1 + ${randomBelow(`${organisation}.leads_n`)}]`;
/**
 * A random instant in office hours (8 to 18 Berlin) of a date; a weekend date moves to a random
 * weekday of the days before (Friday back to Monday), so no weekday gets the weekends' share.
 */
const officeHours = (date: string) => {
  const weekday = `extract(isodow FROM ${date})::int`;
  return `(((${date}) - CASE WHEN ${weekday} > 5 THEN ${weekday} - 5 + ${randomBelow(5)} ELSE 0 END)
           + random() * interval '10 hours' + interval '8 hours') AT TIME ZONE 'Europe/Berlin'`;
};
const displayCode = (code: string) => `(substr(${code}, 1, 4) || '-' || substr(${code}, 5, 4))`;

// ---- cases ---------------------------------------------------------------------------------------

export function createCaseStaging(plan: SeedPlan): string {
  const { now } = plan;
  const today = berlinDate(now);
  const languageCodes = new Set(plan.languages.map(([code]) => code));
  const secondLanguage = [
    languageCodes.has('de') ? `WHEN r_lang2 < 0.30 AND l1 <> 'de' THEN ARRAY['de']` : '',
    languageCodes.has('en') ? `WHEN r_lang2 < 0.45 AND l1 <> 'en' THEN ARRAY['en']` : '',
    `WHEN r_lang2 < 0.55 AND l2 <> l1 THEN ARRAY[l2]`,
  ].join(' ');
  const endOfLife = `coalesce(closed_at, ${now})`;
  return `
    CREATE TEMP TABLE seed_case AS
    SELECT n, gen_random_uuid() AS id, code, org_no, org_no AS orig_org_no, assignee, assignee AS orig_assignee,
           CASE WHEN assignee IS NOT NULL AND random() < 0.85 THEN assignee ELSE ${staffPick('c')} END AS created_by,
           CASE WHEN closed_at IS NOT NULL THEN coalesce(assignee, ${staffPick('c')}) END AS closer,
           CASE WHEN closed_at IS NOT NULL THEN 'closed' ELSE open_status END AS status,
           CASE WHEN closed_at IS NOT NULL THEN outcome END AS outcome,
           needs, languages, interpreter_needed, urgency, district, age_band, gender, residence_status, first_contact_channel,
           CASE WHEN closed_at IS NULL AND r_follow < 0.35 THEN greatest(${berlinDate('created_at')}, ${today} - 14 + ${randomBelow(75)})
                WHEN closed_at IS NOT NULL AND r_follow < 0.10
                  THEN ${berlinDate('created_at')} + ${randomBelow(`greatest(${berlinDate('closed_at')} - ${berlinDate('created_at')}, 1)`)}
           END AS follow_up_on,
           closed_at, created_at,
           coalesce(closed_at, created_at + (${now} - created_at) * random() * 0.5) AS updated_at,
           1 + ${randomBelow(3)} + CASE WHEN closed_at IS NULL THEN 0 ELSE 1 END AS version,
           0 AS pending,
           least(8, floor(ln(1 - random()) / ln(0.55)))::int AS notes,
           ${endOfLife} AS end_of_life
      FROM (
        SELECT s.*, o.staff, o.staff_n,
               CASE WHEN random() < 0.88 THEN ${staffPick('o')} END AS assignee,
               ARRAY[d1] || CASE WHEN r_needs < 0.35 AND d2 <> d1 THEN ARRAY[d2] ELSE '{}'::text[] END
                         || CASE WHEN r_needs < 0.08 AND d3 <> d1 AND d3 <> d2 THEN ARRAY[d3] ELSE '{}'::text[] END AS needs,
               ARRAY[l1] || CASE ${secondLanguage} ELSE '{}'::text[] END AS languages,
               l1 NOT IN ('de', 'en') AND random() < 0.45 AS interpreter_needed,
               CASE WHEN random() < 0.05 THEN NULL
                    WHEN l1 = 'uk' THEN ${weightedPick(RESIDENCE_WEIGHTS_UKRAINIAN)}
                    WHEN l1 = ANY(${textArray(EU_LANGUAGES)}) THEN ${weightedPick(RESIDENCE_WEIGHTS_EU)}
                    ELSE ${weightedPick(RESIDENCE_WEIGHTS_OTHER)} END AS residence_status,
               CASE WHEN closing < ${now} AND random() < 0.96 THEN closing END AS closed_at
          FROM (
            SELECT t.*,
                   -- closed on a working day in office hours, after the drawn duration (and after creation)
                   date_trunc('milliseconds', greatest(${officeHours(berlinDate(`created_at + duration * ${DAY}`))},
                                                       created_at + interval '30 minutes')) AS closing
              FROM (
                -- a moment later today than now: the working day before instead
                SELECT r.*, date_trunc('milliseconds', CASE WHEN candidate <= ${now} THEN candidate
                         ELSE candidate - CASE WHEN extract(isodow FROM day) = 1 THEN 3 ELSE 1 END * ${DAY} END) AS created_at
                  FROM (
                    SELECT raw.*, ${caseCodeSql('body', plan.checkTables)} AS code, ${officeHours('day')} AS candidate
                      FROM (
                        SELECT n,
                               ${weightedIntPick(plan.caseOrganisations)} AS org_no,
                               ${caseBodySql(`${plan.codeBase} + n`)} AS body,
                               ${today} - floor(730 * power(random(), 1.25))::int AS day,
                               1 + (-ln(1 - random())) * 45 AS duration,
                               ${weightedPick(plan.domains)} AS d1, ${weightedPick(plan.domains)} AS d2, ${weightedPick(plan.domains)} AS d3,
                               ${weightedPick(plan.languages)} AS l1, ${weightedPick(plan.languages)} AS l2,
                               random() AS r_needs, random() AS r_lang2, random() AS r_follow,
                               ${weightedPick(OPEN_STATUS_WEIGHTS)} AS open_status,
                               ${weightedPick(CASE_OUTCOME_WEIGHTS)} AS outcome,
                               ${weightedPick(URGENCY_WEIGHTS)} AS urgency,
                               CASE WHEN random() < 0.04 THEN NULL ELSE ${weightedPick(plan.districts)} END AS district,
                               CASE WHEN random() < 0.03 THEN NULL ELSE ${weightedPick(AGE_BAND_WEIGHTS)} END AS age_band,
                               CASE WHEN random() < 0.05 THEN NULL ELSE ${weightedPick(GENDER_WEIGHTS)} END AS gender,
                               CASE WHEN random() < 0.02 THEN NULL ELSE ${weightedPick(CHANNEL_WEIGHTS)} END AS first_contact_channel
                          FROM generate_series(1, ${plan.cases}) AS n
                        OFFSET 0
                      ) raw
                    OFFSET 0
                  ) r
                OFFSET 0
              ) t
            OFFSET 0
          ) s
          JOIN seed_org o ON o.org_no = s.org_no
        OFFSET 0
      ) c`;
}

// ---- hand-offs -----------------------------------------------------------------------------------

/** Which cases get which hand-offs: one pending per case at most; transfers on cases of their own. */
export function createHandoffPlan(plan: SeedPlan): string[] {
  const pending = Math.max(2, Math.round(plan.handoffs * 0.025));
  const pendingTransfers = Math.max(1, Math.round(pending * 0.12));
  const transfers = Math.max(pendingTransfers + 1, Math.round(plan.handoffs * 0.1));
  const referrals = plan.handoffs - pending - (transfers - pendingTransfers);
  return [
    `CREATE TEMP TABLE seed_plan AS
       (SELECT n, 'transfer'::text AS kind, true AS pending FROM seed_case
         WHERE n % 10 = 0 AND status <> 'closed' ORDER BY random() LIMIT ${pendingTransfers})
       UNION ALL
       (SELECT n, 'referral', true FROM seed_case WHERE n % 10 <> 0 AND status <> 'closed' ORDER BY random() LIMIT ${pending - pendingTransfers})`,
    `INSERT INTO seed_plan
       SELECT n, 'transfer', false FROM seed_case c
        WHERE n % 10 = 0 AND NOT EXISTS (SELECT 1 FROM seed_plan p WHERE p.n = c.n)
        ORDER BY random() LIMIT ${transfers - pendingTransfers}`,
    `INSERT INTO seed_plan
       SELECT c.n, 'referral', false
         FROM (SELECT 1 + ${randomBelow(plan.cases)} AS n FROM generate_series(1, ${referrals}) OFFSET 0) r
         JOIN seed_case c ON c.n = CASE WHEN r.n % 10 = 0 THEN r.n - 1 ELSE r.n END`,
  ];
}

export function createHandoffStaging(plan: SeedPlan): string {
  const { now } = plan;
  const accepting = `('{${plan.accepting.join(',')}}'::int[])`;
  const acceptingCount = plan.accepting.length;
  const fallback = `CASE WHEN ${accepting}[fallback_index] <> sender_org_no THEN ${accepting}[fallback_index]
                         ELSE ${accepting}[1 + fallback_index % ${acceptingCount}] END`;
  const settleAt = `coalesce(responded_at, closed_at, ${now})`;
  /** A service (and its organisation) for the first domain, drawn by `k` from the domain's weighted list. */
  const drawn = (k: string, organisation: string, service: string) =>
    `dc.orgs[1 + floor(q.${k} * dc.count)::int] AS ${organisation}, dc.services[1 + floor(q.${k} * dc.count)::int] AS ${service}`;
  return `
    CREATE TEMP TABLE seed_handoff AS
    SELECT gen_random_uuid() AS id, n, case_id, case_code, kind, status,
           sender_org_no, sending_organisation_id, sender_id, sender_case_assignee_id,
           target_org_no, target_organisation_id, target_service_id, target_user_id,
           domains, message, urgency, languages, interpreter_needed, district, age_band, gender, residence_status,
           jsonb_build_object('given', true, 'givenAt', ${isoString('created_at - consent_gap')},
                              'method', consent_method, 'scope', consent_scope) AS consent,
           response_due_at,
           CASE WHEN status IN ('accepted', 'completed') THEN target_assignee END AS target_assignee_id,
           responded_at,
           CASE WHEN status IN ('accepted', 'completed') THEN CASE WHEN r_responder < 0.8 THEN target_assignee ELSE responder END
                WHEN status = 'declined' THEN responder END AS responded_by_id,
           CASE WHEN status = 'declined' THEN decline_reason END AS decline_reason,
           CASE WHEN status = 'declined' THEN CASE WHEN decline_reason = 'client_declined' THEN 'client' ELSE 'provider' END END AS declined_by,
           CASE WHEN status = 'completed' THEN outcome END AS outcome,
           CASE WHEN status = 'declined' AND r_comment < 0.3 THEN ${uniformPick(DECLINE_COMMENTS)}
                WHEN status = 'withdrawn' AND r_comment < 0.4 THEN ${uniformPick(WITHDRAW_COMMENTS)}
                WHEN status = 'completed' AND r_comment < 0.15 THEN ${uniformPick(CLOSING_COMMENTS)} END AS comment,
           closed_at,
           CASE WHEN status = 'completed' THEN target_assignee WHEN status = 'withdrawn' THEN sender_id END AS closed_by_id,
           created_at,
           greatest(created_at, responded_at, closed_at) AS updated_at,
           escalation_due, expiry_due, target_lead, target_staff_1, target_staff_2,
           ${settleAt} AS settle_at
      FROM (
        SELECT t.*,
               CASE WHEN status IN ('accepted', 'declined', 'completed')
                    THEN date_trunc('milliseconds', created_at + least(response_delay, (end_of_life - created_at) * 0.9)) END AS responded_at,
               CASE WHEN status = 'completed'
                      THEN date_trunc('milliseconds', created_at + least(response_delay, (end_of_life - created_at) * 0.9)
                           + least(completion, (end_of_life - created_at - least(response_delay, (end_of_life - created_at) * 0.9)) * 0.95))
                    WHEN status = 'withdrawn' THEN date_trunc('milliseconds', created_at + least(withdraw_delay, (end_of_life - created_at) * 0.9))
                    WHEN status = 'expired' THEN date_trunc('milliseconds', expiry_due + random() * interval '20 minutes') END AS closed_at
          FROM (
            SELECT d.*,
                   CASE WHEN pending THEN 'pending'
                        WHEN drawn_status = 'expired' AND expiry_due + ${HOUR} <= end_of_life THEN 'expired'
                        WHEN drawn_status = 'expired' THEN 'declined'
                        WHEN drawn_status = 'completed' AND created_at + response_delay + ${DAY} <= end_of_life THEN 'completed'
                        WHEN drawn_status = 'completed' THEN 'accepted'
                        ELSE drawn_status END AS status
              FROM (
                SELECT w.*, coalesce(target_user_id, assignee_pick) AS target_assignee,
                       ${endOfBerlinDay(addWorkingDays(berlinDate('created_at'), 'sla'))} AS response_due_at,
                       ${endOfBerlinDay(addWorkingDays(addWorkingDays(berlinDate('created_at'), 'sla'), 1))} AS escalation_due,
                       ${endOfBerlinDay(addWorkingDays(addWorkingDays(berlinDate('created_at'), 'sla'), 5))} AS expiry_due
                  FROM (
                    SELECT p.*, so.id AS sending_organisation_id, tor.id AS target_organisation_id, tor.sla,
                           CASE WHEN case_assignee IS NOT NULL AND random() < 0.8 THEN case_assignee ELSE ${staffPick('so')} END AS sender_id,
                           case_assignee AS sender_case_assignee_id,
                           CASE WHEN random() < 0.75 THEN picked_service END AS target_service_id,
                           CASE WHEN r_named < 0.2 THEN ${staffPick('tor')} END AS target_user_id,
                           ${leadPick('tor')} AS target_lead,
                           tor.staff[1 + staff_index % tor.staff_n] AS target_staff_1,
                           tor.staff[1 + (staff_index + 1) % tor.staff_n] AS target_staff_2,
                           ${staffPick('tor')} AS responder,
                           ${staffPick('tor')} AS assignee_pick,
                           date_trunc('milliseconds', CASE
                             WHEN pending THEN greatest(case_created, ${now} - 8 * ${DAY})
                                               + random() * (${now} - greatest(case_created, ${now} - 8 * ${DAY}))
                             ELSE case_created + (end_of_life - case_created) * power(random(), 1.6) * 0.95 END) AS created_at
                      FROM (
                        -- the first of three drawn services of another organisation; else any other organisation
                        SELECT x.*,
                               CASE WHEN o1 <> sender_org_no THEN o1 WHEN o2 <> sender_org_no THEN o2
                                    WHEN o3 <> sender_org_no THEN o3 ELSE ${fallback} END AS target_org_no,
                               CASE WHEN o1 <> sender_org_no THEN s1 WHEN o2 <> sender_org_no THEN s2
                                    WHEN o3 <> sender_org_no THEN s3 END AS picked_service
                          FROM (
                        SELECT q.*, ${drawn('k1', 'o1', 's1')}, ${drawn('k2', 'o2', 's2')}, ${drawn('k3', 'o3', 's3')}
                          FROM (
                            SELECT p.kind, p.pending, c.n, c.id AS case_id, c.code AS case_code, c.orig_org_no AS sender_org_no,
                                   c.orig_assignee AS case_assignee, c.created_at AS case_created, c.end_of_life,
                                   c.languages, c.interpreter_needed, c.district, c.age_band, c.gender, c.residence_status,
                                   CASE WHEN c.urgency = 'normal' AND random() < 0.1 THEN 'high' ELSE c.urgency END AS urgency,
                                   CASE WHEN random() < 0.2 AND d2 <> d1 THEN ARRAY[d1, d2] ELSE ARRAY[d1] END AS domains,
                                   'Bitte um Übernahme der Beratung (' || (${literal(JSON.stringify(plan.domainNames))}::jsonb ->> d1) || '). '
                                     || ${uniformPick(HANDOFF_MESSAGE_ENDINGS)} AS message,
                                   d1, k1, k2, k3, fallback_index, staff_index, r_named, drawn_status,
                                   response_delay, withdraw_delay, completion, consent_gap, consent_method, consent_scope,
                                   decline_reason, p.outcome, r_responder, r_comment
                              FROM (
                                SELECT p.*, c.needs[1 + ${randomBelow('cardinality(c.needs)')}] AS d1,
                                       c.needs[1 + ${randomBelow('cardinality(c.needs)')}] AS d2,
                                       random() AS k1, random() AS k2, random() AS k3,
                                       1 + ${randomBelow(acceptingCount)} AS fallback_index,
                                       ${randomBelow(1000)} AS staff_index, random() AS r_named,
                                       ${weightedPick(SETTLED_HANDOFF_WEIGHTS)} AS drawn_status,
                                       (1 + 120 * power(random(), 2.2)) * CASE WHEN c.urgency = 'urgent' THEN 0.3 ELSE 1 END * ${HOUR} AS response_delay,
                                       (1 + 96 * power(random(), 1.5)) * ${HOUR} AS withdraw_delay,
                                       (2 + 58 * power(random(), 1.5)) * ${DAY} AS completion,
                                       (5 + random() * 2000) * interval '1 minute' AS consent_gap,
                                       ${weightedPick(CONSENT_METHOD_WEIGHTS)} AS consent_method,
                                       ${weightedPick(CONSENT_SCOPE_WEIGHTS)} AS consent_scope,
                                       ${weightedPick(DECLINE_REASON_WEIGHTS)} AS decline_reason,
                                       ${weightedPick(HANDOFF_OUTCOME_WEIGHTS)} AS outcome,
                                       random() AS r_responder, random() AS r_comment
                                  FROM seed_plan p JOIN seed_case c ON c.n = p.n
                                OFFSET 0
                              ) p
                              JOIN seed_case c ON c.n = p.n
                            OFFSET 0
                          ) q
                          LEFT JOIN seed_domain dc ON dc.domain = q.d1
                        OFFSET 0
                          ) x
                        OFFSET 0
                      ) p
                      JOIN seed_org so ON so.org_no = p.sender_org_no
                      JOIN seed_org tor ON tor.org_no = p.target_org_no
                    OFFSET 0
                  ) w
                OFFSET 0
              ) d
            OFFSET 0
          ) t
        OFFSET 0
      ) h`;
}

/** The cases as the hand-offs left them: pending counters, and ownership moved by accepted transfers. */
export function applyHandoffsToCases(): string[] {
  return [
    `UPDATE seed_case c SET pending = x.count
       FROM (SELECT n, count(*)::int AS count FROM seed_handoff WHERE status = 'pending' GROUP BY n) x
      WHERE c.n = x.n`,
    `UPDATE seed_case c
        SET org_no = h.target_org_no, assignee = h.target_assignee_id, version = c.version + 1,
            updated_at = greatest(c.updated_at, h.responded_at),
            closer = CASE WHEN c.status = 'closed' THEN h.target_assignee_id END
       FROM seed_handoff h
      WHERE h.n = c.n AND h.kind = 'transfer' AND h.status IN ('accepted', 'completed')`,
  ];
}

export const INSERT_CASES = `
  INSERT INTO cases (id, code, organisation_id, assignee_id, status, needs, languages, interpreter_needed, urgency, district, age_band,
                     gender, residence_status, first_contact_channel, follow_up_on, outcome, closed_at, created_by_id, pending_handoffs,
                     version, created_at, updated_at)
  SELECT c.id, c.code, o.id, c.assignee, c.status, c.needs, c.languages, c.interpreter_needed, c.urgency, c.district, c.age_band,
         c.gender, c.residence_status, c.first_contact_channel, c.follow_up_on, c.outcome, c.closed_at, c.created_by, c.pending,
         c.version, c.created_at, c.updated_at
    FROM seed_case c JOIN seed_org o ON o.org_no = c.org_no
   ORDER BY c.created_at`;

export const INSERT_HANDOFFS = `
  INSERT INTO handoffs (id, case_id, case_code, kind, status, sending_organisation_id, sender_id, sender_case_assignee_id,
                        target_organisation_id, target_service_id, target_user_id, domains, message, urgency, languages,
                        interpreter_needed, district, age_band, gender, residence_status, consent, response_due_at,
                        target_assignee_id, responded_at, responded_by_id, decline_reason, declined_by, outcome, comment,
                        closed_at, closed_by_id, created_at, updated_at)
  SELECT id, case_id, case_code, kind, status, sending_organisation_id, sender_id, sender_case_assignee_id,
         target_organisation_id, target_service_id, target_user_id, domains, message, urgency, languages,
         interpreter_needed, district, age_band, gender, residence_status, consent, response_due_at,
         target_assignee_id, responded_at, responded_by_id, decline_reason, declined_by, outcome, comment,
         closed_at, closed_by_id, created_at, updated_at
    FROM seed_handoff
   ORDER BY created_at`;

/**
 * Referrals that still let their target read the case (referralNeedsShare); one share per
 * organisation. Seeded referrals are sent by the case's owner: transfers have cases of their own.
 */
export const INSERT_CASE_SHARES = `
  INSERT INTO case_shares (case_id, organisation_id, handoff_id, created_at)
  SELECT DISTINCT ON (case_id, target_organisation_id) case_id, target_organisation_id, id, responded_at
    FROM seed_handoff h
   WHERE kind = 'referral' AND ${referralNeedsShare('h', 'h.sending_organisation_id')}
   ORDER BY case_id, target_organisation_id, responded_at`;

// ---- timeline ------------------------------------------------------------------------------------

export function insertCaseEvents(plan: SeedPlan): string {
  const { now } = plan;
  const handoffEvent = (kind: string, at: string, actor: string, organisation: string, data: string, order: number, where: string) =>
    `SELECT case_id, id, '${kind}', ${at}, ${actor}, ${organisation}, NULL::text, ${data}, ${order} FROM seed_handoff WHERE ${where}`;
  return `
    INSERT INTO case_events (case_id, handoff_id, kind, occurred_at, actor_id, actor_organisation_id, text, data)
    SELECT case_id, handoff_id, kind, occurred_at, actor_id, actor_organisation_id, text, data
      FROM (
        SELECT c.id AS case_id, NULL::uuid AS handoff_id, 'created' AS kind, c.created_at AS occurred_at, c.created_by AS actor_id,
               oo.id AS actor_organisation_id, NULL::text AS text, jsonb_build_object('assigneeId', c.orig_assignee) AS data, 0 AS ord
          FROM seed_case c JOIN seed_org oo ON oo.org_no = c.orig_org_no
        UNION ALL
        SELECT c.id, NULL, 'assigned', c.created_at + (c.end_of_life - c.created_at) * random() * 0.3,
               coalesce(${leadPick('o')}, c.assignee), o.id, NULL, jsonb_build_object('assigneeId', c.assignee), 1
          FROM seed_case c JOIN seed_org o ON o.org_no = c.org_no
         WHERE c.assignee IS NOT NULL AND random() < 0.08
        UNION ALL
        SELECT c.id, NULL, 'updated', c.created_at + (c.end_of_life - c.created_at) * random() * 0.6,
               coalesce(c.assignee, ${staffPick('o')}), o.id, NULL, (${uniformPick(UPDATED_FIELDS)})::jsonb, 1
          FROM seed_case c JOIN seed_org o ON o.org_no = c.org_no
         WHERE random() < 0.12
        UNION ALL
        SELECT c.id, NULL, 'note', c.created_at + (c.end_of_life - c.created_at) * random(),
               coalesce(c.assignee, ${staffPick('o')}), o.id, ${uniformPick(NOTE_TEXTS)}, '{}'::jsonb, 1
          FROM seed_case c JOIN seed_org o ON o.org_no = c.org_no CROSS JOIN LATERAL generate_series(1, c.notes) AS note
        UNION ALL
        SELECT c.id, NULL, 'closed', c.closed_at, c.closer, o.id,
               CASE WHEN random() < 0.1 THEN ${uniformPick(CLOSING_COMMENTS)} END, jsonb_build_object('outcome', c.outcome), 5
          FROM seed_case c JOIN seed_org o ON o.org_no = c.org_no
         WHERE c.status = 'closed'
        UNION ALL
        ${handoffEvent('handoff_created', 'created_at', 'sender_id', 'sending_organisation_id', `jsonb_build_object('kind', kind, 'targetOrganisationId', target_organisation_id)`, 2, 'true')}
        UNION ALL
        ${handoffEvent('transferred_in', 'responded_at', 'responded_by_id', 'target_organisation_id', `jsonb_build_object('fromOrganisationId', sending_organisation_id)`, 3, `kind = 'transfer' AND status IN ('accepted', 'completed')`)}
        UNION ALL
        ${handoffEvent('handoff_accepted', 'responded_at', 'responded_by_id', 'target_organisation_id', `jsonb_build_object('kind', kind)`, 4, `status IN ('accepted', 'completed')`)}
        UNION ALL
        ${handoffEvent('handoff_declined', 'responded_at', 'responded_by_id', 'target_organisation_id', `jsonb_build_object('reason', decline_reason, 'declinedBy', declined_by)`, 4, `status = 'declined'`)}
        UNION ALL
        ${handoffEvent('handoff_withdrawn', 'closed_at', 'closed_by_id', 'sending_organisation_id', `'{}'::jsonb`, 4, `status = 'withdrawn'`)}
        UNION ALL
        ${handoffEvent('handoff_expired', 'closed_at', 'NULL::uuid', 'NULL::uuid', `'{}'::jsonb`, 4, `status = 'expired'`)}
        UNION ALL
        ${handoffEvent('handoff_completed', 'closed_at', 'closed_by_id', 'target_organisation_id', `jsonb_build_object('outcome', outcome)`, 4, `status = 'completed'`)}
      ) e
     WHERE occurred_at <= ${now}
     ORDER BY occurred_at, ord`;
}

// ---- notifications and reminders ---------------------------------------------------------------

export function insertNotifications(plan: SeedPlan): string {
  const { now } = plan;
  const code = displayCode('case_code');
  const due = `jsonb_build_object('kind', kind, 'responseDueAt', ${isoString('response_due_at')})`;
  const handoffNote = (recipient: string, kind: string, at: string, data: string, where: string) =>
    `SELECT ${recipient}, '${kind}', id, NULL::uuid, ${code}, ${data}, ${at} FROM seed_handoff WHERE ${where}`;
  const senderSide = (kind: string, at: string, data: string, status: string) =>
    `${handoffNote('sender_id', kind, at, data, `status IN (${status})`)}
     UNION ALL
     ${handoffNote('sender_case_assignee_id', kind, at, data, `status IN (${status}) AND sender_case_assignee_id <> sender_id`)}`;
  const followUpAt = `((c.follow_up_on + interval '8 hours')::timestamp AT TIME ZONE 'Europe/Berlin')`;
  return `
    INSERT INTO notifications (recipient_id, kind, handoff_id, case_id, case_code, data, created_at, read_at)
    SELECT recipient_id, kind, handoff_id, case_id, case_code, data, created_at,
           CASE WHEN random() < CASE WHEN created_at < ${now} - 7 * ${DAY} THEN 0.9 ELSE 0.35 END
                THEN least(created_at + random() * interval '30 hours', ${now}) END
      FROM (
        SELECT recipient_id, kind, handoff_id, case_id, case_code, data, date_trunc('milliseconds', created_at) AS created_at
          FROM (
            ${handoffNote('target_user_id', 'handoff_received', 'created_at', due, 'target_user_id IS NOT NULL')}
            UNION ALL
            ${handoffNote('target_lead', 'handoff_received', 'created_at', due, 'target_user_id IS NOT NULL AND target_lead <> target_user_id')}
            UNION ALL
            ${handoffNote('target_staff_1', 'handoff_received', 'created_at', due, 'target_user_id IS NULL')}
            UNION ALL
            ${handoffNote('target_staff_2', 'handoff_received', 'created_at', due, 'target_user_id IS NULL AND target_staff_2 <> target_staff_1')}
            UNION ALL
            ${handoffNote('coalesce(target_user_id, target_staff_1)', 'handoff_response_due', 'response_due_at', due, 'response_due_at < settle_at')}
            UNION ALL
            ${handoffNote('target_lead', 'handoff_escalated', 'escalation_due', due, 'escalation_due < settle_at')}
            UNION ALL
            ${handoffNote('sender_id', 'handoff_escalated', 'escalation_due', due, 'escalation_due < settle_at AND sender_id <> target_lead')}
            UNION ALL
            ${senderSide('handoff_accepted', 'responded_at', `jsonb_build_object('kind', kind)`, `'accepted', 'completed'`)}
            UNION ALL
            ${senderSide('handoff_declined', 'responded_at', `jsonb_build_object('kind', kind, 'reason', decline_reason, 'declinedBy', declined_by)`, `'declined'`)}
            UNION ALL
            ${senderSide('handoff_completed', 'closed_at', `jsonb_build_object('kind', kind, 'outcome', outcome)`, `'completed'`)}
            UNION ALL
            ${senderSide('handoff_expired', 'closed_at', `jsonb_build_object('kind', kind)`, `'expired'`)}
            UNION ALL
            ${handoffNote('coalesce(target_user_id, target_staff_1)', 'handoff_withdrawn', 'closed_at', `jsonb_build_object('kind', kind)`, `status = 'withdrawn'`)}
            UNION ALL
            ${handoffNote('target_assignee_id', 'handoff_outcome_due', `responded_at + 14 * ${DAY}`, due, `status IN ('accepted', 'completed') AND responded_at + 14 * ${DAY} < coalesce(closed_at, ${now})`)}
            UNION ALL
            SELECT c.orig_assignee, 'case_assigned', NULL, c.id, ${displayCode('c.code')}, '{}'::jsonb, c.created_at
              FROM seed_case c WHERE c.orig_assignee <> c.created_by
            UNION ALL
            SELECT coalesce(c.assignee, ${leadPick('o')}), 'case_follow_up_due', NULL, c.id, ${displayCode('c.code')},
                   jsonb_build_object('followUpOn', c.follow_up_on), ${followUpAt}
              FROM seed_case c JOIN seed_org o ON o.org_no = c.org_no
             WHERE ${followUpAt} < least(c.end_of_life, ${now}) AND ${followUpAt} > c.created_at
          ) n (recipient_id, kind, handoff_id, case_id, case_code, data, created_at)
         WHERE recipient_id IS NOT NULL AND created_at <= ${now}
        OFFSET 0
      ) x
     ORDER BY created_at`;
}

export function insertReminders(plan: SeedPlan): string {
  const { now } = plan;
  /** A reminder created at `created`, due at `due`, made moot at `moot` (null: still live). */
  const reminder = (kind: string, caseId: string, handoffId: string, created: string, due: string, moot: string, from: string) => `
    SELECT '${kind}', ${handoffId}, ${caseId}, ${due},
           CASE WHEN ${due} <= coalesce(${moot}, ${now}) THEN 'delivered' WHEN ${moot} IS NULL THEN 'scheduled' ELSE 'cancelled' END,
           ${created},
           CASE WHEN ${due} <= coalesce(${moot}, ${now}) THEN ${due} + interval '2 seconds' ELSE ${moot} END,
           CASE WHEN ${due} <= coalesce(${moot}, ${now}) THEN ${due} - interval '10 minutes' END
      FROM ${from}`;
  const live = `CASE WHEN status = 'pending' THEN NULL ELSE settle_at END`;
  const followUpAt = `((follow_up_on + interval '8 hours')::timestamp AT TIME ZONE 'Europe/Berlin')`;
  return `
    INSERT INTO reminders (kind, handoff_id, case_id, due_at, status, created_at, settled_at, enqueued_at)
    SELECT * FROM (
      ${reminder('handoff_response_due', 'case_id', 'id', 'created_at', 'response_due_at', live, 'seed_handoff')}
      UNION ALL
      ${reminder('handoff_escalation', 'case_id', 'id', 'created_at', 'escalation_due', live, 'seed_handoff')}
      UNION ALL
      ${reminder('handoff_expiry', 'case_id', 'id', 'created_at', 'expiry_due', `CASE WHEN status = 'pending' THEN NULL WHEN status = 'expired' THEN closed_at ELSE settle_at END`, 'seed_handoff')}
      UNION ALL
      ${reminder('handoff_outcome_due', 'case_id', 'id', 'responded_at', `responded_at + 14 * ${DAY}`, `CASE WHEN status = 'completed' THEN closed_at END`, `seed_handoff WHERE status IN ('accepted', 'completed')`)}
      UNION ALL
      ${reminder('case_follow_up', 'id', 'NULL::uuid', 'created_at', followUpAt, 'closed_at', `seed_case WHERE follow_up_on IS NOT NULL AND ${followUpAt} > created_at`)}
    ) r (kind, handoff_id, case_id, due_at, status, created_at, settled_at, enqueued_at)
    ORDER BY created_at`;
}

// ---- audit log -----------------------------------------------------------------------------------

/**
 * What the services would have written to the audit log, in time order, with ids reserved from the
 * sequence (`lastId` = the last id before the block), and the trigger's chain number, so the log can be
 * written chain by chain in parallel sessions.
 */
export function createAuditStage(plan: SeedPlan, lastId: bigint): string {
  const ip = `CASE WHEN random() < 0.9 THEN ${uniformPick(OFFICE_ADDRESSES)} END`;
  const handoffEntry = (action: string, at: string, actor: string, organisation: string, details: string, order: number, where: string) =>
    `SELECT ${at}, '${action}', ${actor}, ${organisation}, ARRAY[sending_organisation_id, target_organisation_id], 'handoff', id, case_id,
            ${actor === 'NULL::uuid' ? 'NULL::text' : ip}, ${details}, ${order}
       FROM seed_handoff WHERE ${where}`;
  return `
    CREATE UNLOGGED TABLE ${AUDIT_STAGE} AS
    SELECT ${lastId}::bigint + row_number() OVER (ORDER BY occurred_at, ord) AS id,
           occurred_at, action, actor_id, actor_organisation_id, organisation_ids, subject_type, subject_id, case_id, ip, details,
           hashtext(coalesce(case_id, subject_id, actor_id)::text) & 15 AS chain
      FROM (
        SELECT c.created_at AS occurred_at, 'case.created' AS action, c.created_by AS actor_id, oo.id AS actor_organisation_id,
               ARRAY[oo.id] AS organisation_ids, 'case' AS subject_type, c.id AS subject_id, c.id AS case_id, ${ip} AS ip,
               '{}'::jsonb AS details, 0 AS ord
          FROM seed_case c JOIN seed_org oo ON oo.org_no = c.orig_org_no
        UNION ALL
        SELECT c.closed_at, 'case.closed', c.closer, o.id, ARRAY[o.id], 'case', c.id, c.id, ${ip}, jsonb_build_object('outcome', c.outcome), 5
          FROM seed_case c JOIN seed_org o ON o.org_no = c.org_no
         WHERE c.status = 'closed'
        UNION ALL
        ${handoffEntry('handoff.created', 'created_at', 'sender_id', 'sending_organisation_id', `jsonb_build_object('kind', kind)`, 2, 'true')}
        UNION ALL
        ${handoffEntry('handoff.accepted', 'responded_at', 'responded_by_id', 'target_organisation_id', `'{}'::jsonb`, 4, `status IN ('accepted', 'completed')`)}
        UNION ALL
        ${handoffEntry('handoff.declined', 'responded_at', 'responded_by_id', 'target_organisation_id', `'{}'::jsonb`, 4, `status = 'declined'`)}
        UNION ALL
        ${handoffEntry('handoff.withdrawn', 'closed_at', 'closed_by_id', 'sending_organisation_id', `'{}'::jsonb`, 4, `status = 'withdrawn'`)}
        UNION ALL
        ${handoffEntry('handoff.expired', 'closed_at', 'NULL::uuid', 'NULL::uuid', `'{}'::jsonb`, 4, `status = 'expired'`)}
        UNION ALL
        ${handoffEntry('handoff.completed', 'closed_at', 'closed_by_id', 'target_organisation_id', `'{}'::jsonb`, 4, `status = 'completed'`)}
      ) a
     WHERE occurred_at <= ${plan.now}`;
}

/** One chain of the audit log, through the hash-chain trigger, in id (= time) order. */
export const INSERT_AUDIT_CHAIN = `
  INSERT INTO audit_log (id, occurred_at, action, actor_id, actor_organisation_id, organisation_ids, subject_type, subject_id, case_id, ip, details)
  SELECT id, occurred_at, action, actor_id, actor_organisation_id, organisation_ids, subject_type, subject_id, case_id, ip, details
    FROM ${AUDIT_STAGE}
   WHERE chain = $1
   ORDER BY id`;
