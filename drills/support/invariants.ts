import type pg from 'pg';

/**
 * What must hold in the database after any interruption if every write is one transaction: a rule
 * and the SQL that finds what breaks it. Fixture rows written by SQL (organisations named "Drill …")
 * have no audit entries or "received" notifications, so those two rules skip them.
 */
const RULES: { name: string; sql: string }[] = [
  {
    name: 'every hand-off has exactly one handoff_created case event',
    sql: `SELECT h.id FROM handoffs h LEFT JOIN case_events e ON e.handoff_id = h.id AND e.kind = 'handoff_created'
           GROUP BY h.id HAVING count(e.id) <> 1`,
  },
  {
    name: "every case's pending_handoffs equals its pending hand-offs",
    sql: `SELECT c.id FROM cases c LEFT JOIN handoffs h ON h.case_id = c.id AND h.status = 'pending'
           GROUP BY c.id HAVING c.pending_handoffs <> count(h.id)`,
  },
  {
    name: 'every pending hand-off has its three response reminders (due, escalation, expiry), none cancelled',
    sql: `SELECT h.id FROM handoffs h
           WHERE h.status = 'pending'
             AND (SELECT count(DISTINCT r.kind) FROM reminders r
                   WHERE r.handoff_id = h.id AND r.status <> 'cancelled'
                     AND r.kind IN ('handoff_response_due', 'handoff_escalation', 'handoff_expiry')) <> 3`,
  },
  {
    name: 'no settled hand-off has a response reminder still scheduled',
    sql: `SELECT DISTINCT h.id FROM handoffs h JOIN reminders r ON r.handoff_id = h.id
           WHERE h.status <> 'pending' AND r.status = 'scheduled'
             AND r.kind IN ('handoff_response_due', 'handoff_escalation', 'handoff_expiry')`,
  },
  {
    name: 'every accepted hand-off has one handoff_accepted event, its case share and its outcome reminder',
    sql: `SELECT h.id FROM handoffs h
           WHERE h.status = 'accepted'
             AND ((SELECT count(*) FROM case_events e WHERE e.handoff_id = h.id AND e.kind = 'handoff_accepted') <> 1
               OR (h.kind = 'referral' AND NOT EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = h.case_id AND s.organisation_id = h.target_organisation_id))
               OR NOT EXISTS (SELECT 1 FROM reminders r WHERE r.handoff_id = h.id AND r.kind = 'handoff_outcome_due' AND r.status <> 'cancelled'))`,
  },
  {
    name: 'every case has its created event',
    sql: `SELECT c.id FROM cases c JOIN organisations o ON o.id = c.organisation_id
           WHERE o.name NOT LIKE 'Drill %' AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'created')`,
  },
  {
    name: 'every hand-off made through the API has its handoff.created audit entry and its handoff_received notification',
    sql: `SELECT h.id FROM handoffs h JOIN organisations o ON o.id = h.sending_organisation_id
           WHERE o.name NOT LIKE 'Drill %'
             AND (NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.subject_id = h.id AND a.action = 'handoff.created')
               OR NOT EXISTS (SELECT 1 FROM notifications n WHERE n.handoff_id = h.id AND n.kind = 'handoff_received'))`,
  },
  {
    name: 'every accepted hand-off has its handoff.accepted audit entry',
    sql: `SELECT h.id FROM handoffs h JOIN organisations o ON o.id = h.sending_organisation_id
           WHERE o.name NOT LIKE 'Drill %' AND h.status = 'accepted'
             AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.subject_id = h.id AND a.action = 'handoff.accepted')`,
  },
  {
    name: 'no reminder was delivered twice (at most one notification per reminder subject and recipient)',
    sql: `SELECT DISTINCT coalesce(handoff_id, case_id) FROM notifications
           WHERE kind IN ('handoff_response_due', 'handoff_escalated', 'handoff_outcome_due', 'case_follow_up_due', 'handoff_expired', 'handoff_received_expired')
           GROUP BY kind, coalesce(handoff_id, case_id), recipient_id HAVING count(*) > 1`,
  },
];

export type Violations = Map<string, string[]>;

/** The ids that break each rule now. */
export async function findViolations(client: pg.Client): Promise<Violations> {
  const found: Violations = new Map();
  for (const rule of RULES) {
    const { rows } = await client.query<Record<string, string>>(rule.sql);
    found.set(
      rule.name,
      rows.map((row) => String(Object.values(row)[0])),
    );
  }
  return found;
}

/** Violations now that were not there before (the demo data's own quirks are not the drill's business). */
export function newViolations(before: Violations, after: Violations): { rule: string; ids: string[]; baseline: number }[] {
  return [...after].map(([rule, ids]) => {
    const known = new Set(before.get(rule) ?? []);
    return { rule, ids: ids.filter((id) => !known.has(id)), baseline: known.size };
  });
}

/**
 * Idempotency keys without a stored answer, 20 s after their last claim: `stuck` when their request died
 * between claiming the key and committing anything (the lease should have freed them), `answerLost` when
 * it committed (the claim's commit mark) but its answer could not be stored.
 */
export async function unansweredIdempotencyKeys(
  client: pg.Client,
  since: Date,
): Promise<{ stuck: { key: string }[]; answerLost: { key: string }[] }> {
  const { rows } = await client.query<{ key: string; committed: boolean }>(
    `SELECT key, response IS NOT NULL AS committed FROM idempotency_keys
      WHERE status_code IS NULL AND created_at >= $1 AND created_at < now() - interval '20 seconds'`,
    [since],
  );
  return { stuck: rows.filter((row) => !row.committed), answerLost: rows.filter((row) => row.committed) };
}
