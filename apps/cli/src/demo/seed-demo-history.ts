import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { generateCaseCode, normaliseCaseCode } from '@app/cases';
import { berlinMonth, berlinMonthStart } from '@app/core';

/**
 * Settled referrals of the four calendar months before the current one, between the demo's
 * organisations, so that the network dashboard (which counts one whole month that has ended) has
 * figures on the first day. The domain services write everything at the present time, so this
 * history is written directly: closed cases with their timeline events, and the answered or
 * withdrawn referrals; nothing pending, so no reminders, notifications or shares. Deterministic:
 * the same demo network gets the same history.
 */
const MONTHS = 4;
/** Enough that most routes reach 5 in a month: the network dashboard counts one month at a time. */
const PER_MONTH = 120;
const HOUR_MS = 3_600_000;

/** Common routes of the network (sender, target, domain, languages), so that some cells reach 5. */
const ROUTES: [from: string, to: string, domain: string, languages: string[]][] = [
  ['rmi', 'brueckenbau', 'asylum_procedure', ['ar', 'fa', 'ti']],
  ['rmi', 'psz', 'mental_health', ['fa', 'ar', 'uk']],
  ['sozialamt-ratzelbogen', 'wohnraumhilfe', 'housing', ['uk', 'ar', 'ru']],
  ['sozialamt-ratzelbogen', 'kompass', 'debt', ['ar', 'ti', 'de']],
  ['buergeramt', 'anerkennung', 'work_recognition', ['uk', 'ru', 'tr']],
  ['familieninfobuero', 'weitblick', 'volunteering_mentoring', ['uk', 'ar', 'prs']],
  ['brueckenbau', 'familieninfobuero', 'childcare_family', ['ar', 'uk', 'fa']],
  ['brueckenbau', 'lawclinic', 'legal_aid', ['ar', 'so', 'ti']],
  ['akzess', 'morgenrot', 'violence_protection', ['ar', 'fa', 'ku']],
];

export async function seedDemoHistory(dataSource: DataSource, now: Date): Promise<number> {
  // Per demo organisation (the key in its staff's e-mail addresses), its id and the counsellor (or lead) who acts.
  const staff: { key: string; organisation: string; user: string }[] = await dataSource.query(
    `SELECT DISTINCT ON (u.organisation_id) split_part(split_part(u.email, '@', 1), '.', 2) AS key, u.organisation_id AS organisation, u.id AS user
       FROM users u WHERE u.email LIKE '%@demo.leipzig.example' AND u.active AND u.roles && ARRAY['counsellor', 'lead']
      ORDER BY u.organisation_id, 'lead' = ANY(u.roles), u.email`,
  );
  const byKey = new Map(staff.map((s) => [s.key, s]));
  let seed = 0;
  /** A number in [0, 1) from the seed: the same history every time. */
  const draw = () => createHash('sha256').update(String(seed++)).digest().readUInt32BE(0) / 2 ** 32;
  const pick = <T>(list: readonly T[]) => list[Math.floor(draw() * list.length)];

  const current = berlinMonth(now);
  const rows: Record<string, unknown>[] = [];
  for (let back = MONTHS; back >= 1; back--) {
    const start = berlinMonthStart(current - back).getTime();
    for (let n = 0; n < PER_MONTH; n++) {
      const [from, to, domain, languages] = pick(ROUTES);
      const sender = byKey.get(from);
      const target = byKey.get(to);
      if (!sender || !target) throw new Error(`demo history: ${from} or ${to} has no counsellor or lead`);
      const sentAt = start + Math.floor(draw() * 26 * 24) * HOUR_MS + 8 * HOUR_MS;
      const roll = draw();
      const status = roll < 0.6 ? 'completed' : roll < 0.9 ? 'declined' : 'withdrawn';
      const answeredAt = status === 'withdrawn' ? null : sentAt + (2 + Math.floor(draw() * 70)) * HOUR_MS;
      const closedAt = (answeredAt ?? sentAt + 24 * HOUR_MS) + 48 * HOUR_MS;
      rows.push({
        code: normaliseCaseCode(generateCaseCode()),
        sending: sender.organisation,
        target: target.organisation,
        sender: sender.user,
        responder: target.user,
        domain,
        language: pick(languages),
        status,
        decline_reason: status === 'declined' ? pick(['no_capacity', 'no_capacity', 'language_not_available', 'not_eligible']) : null,
        outcome: status === 'completed' ? pick(['service_provided', 'service_provided', 'client_did_not_attend']) : null,
        opened: new Date(sentAt - 24 * HOUR_MS),
        sent: new Date(sentAt),
        answered: answeredAt === null ? null : new Date(answeredAt),
        closed: new Date(closedAt),
      });
    }
  }
  await dataSource.transaction(async (manager) => {
    // One row per referral through every statement, in the order of `rows`.
    await manager.query(
      `WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x (code text, sending uuid, target uuid, sender uuid, responder uuid,
                        domain text, language text, status text, decline_reason text, outcome text,
                        opened timestamptz, sent timestamptz, answered timestamptz, closed timestamptz)),
            new_cases AS (
              INSERT INTO cases (code, organisation_id, assignee_id, status, needs, languages, urgency, outcome, closed_at, created_by_id, created_at, updated_at)
              SELECT code, sending, sender, 'closed', ARRAY[domain], ARRAY[language], 'normal', 'resolved', closed, sender, opened, closed FROM input
              RETURNING id, code),
            new_handoffs AS (
              INSERT INTO handoffs (case_id, case_code, kind, status, sending_organisation_id, sender_id, target_organisation_id, domains, message,
                                    urgency, languages, consent, response_due_at, target_assignee_id, responded_at, responded_by_id,
                                    decline_reason, declined_by, outcome, closed_at, closed_by_id, created_at, updated_at)
              SELECT c.id, i.code, 'referral', i.status, i.sending, i.sender, i.target, ARRAY[i.domain], 'Weiterleitung aus dem Demo-Verlauf.',
                     'normal', ARRAY[i.language],
                     jsonb_build_object('given', true, 'givenAt', i.sent, 'method', 'verbal', 'scope', 'this_handoff'),
                     i.sent + interval '3 days', CASE WHEN i.status = 'completed' THEN i.responder END, i.answered,
                     CASE WHEN i.answered IS NOT NULL THEN i.responder END, i.decline_reason,
                     CASE WHEN i.status = 'declined' THEN 'provider' END, i.outcome,
                     CASE WHEN i.status <> 'declined' THEN coalesce(i.answered + interval '1 day', i.sent + interval '1 day') END,
                     CASE WHEN i.status = 'completed' THEN i.responder WHEN i.status = 'withdrawn' THEN i.sender END, i.sent, i.closed
                FROM input i JOIN new_cases c USING (code)
              RETURNING id, case_id, status, sending_organisation_id, sender_id, target_organisation_id, responded_by_id, created_at, responded_at,
                        closed_at, closed_by_id, decline_reason, declined_by, outcome)
       INSERT INTO case_events (case_id, handoff_id, kind, occurred_at, actor_id, actor_organisation_id, data)
       SELECT c.id, NULL, 'created', i.opened, i.sender, i.sending, '{}'::jsonb FROM input i JOIN new_cases c USING (code)
       UNION ALL
       SELECT h.case_id, h.id, 'handoff_created', h.created_at, h.sender_id, h.sending_organisation_id,
              jsonb_build_object('kind', 'referral', 'targetOrganisationId', h.target_organisation_id) FROM new_handoffs h
       UNION ALL
       SELECT h.case_id, h.id, 'handoff_accepted', h.responded_at, h.responded_by_id, h.target_organisation_id, '{"kind": "referral"}'
         FROM new_handoffs h WHERE h.status = 'completed'
       UNION ALL
       SELECT h.case_id, h.id, 'handoff_completed', h.closed_at, h.closed_by_id, h.target_organisation_id, jsonb_build_object('outcome', h.outcome)
         FROM new_handoffs h WHERE h.status = 'completed'
       UNION ALL
       SELECT h.case_id, h.id, 'handoff_declined', h.responded_at, h.responded_by_id, h.target_organisation_id,
              jsonb_build_object('reason', h.decline_reason, 'declinedBy', h.declined_by) FROM new_handoffs h WHERE h.status = 'declined'
       UNION ALL
       SELECT h.case_id, h.id, 'handoff_withdrawn', h.closed_at, h.sender_id, h.sending_organisation_id, '{}' FROM new_handoffs h WHERE h.status = 'withdrawn'
       UNION ALL
       SELECT c.id, NULL, 'closed', i.closed, i.sender, i.sending, '{"outcome": "resolved"}' FROM input i JOIN new_cases c USING (code)`,
      [JSON.stringify(rows)],
    );
  });
  return rows.length;
}
