/**
 * The SQL the product runs for GET /cases and GET /cases/:id, verbatim as it reaches Postgres
 * (captured with the statement counter, see ../pg-counter.ts). The bare baseline runs exactly
 * these, and every benchmark run checks them against what the API sends, so a change in the
 * product's queries shows up as "baseline SQL differs" instead of a silently unfair ratio. The
 * product prepares all of them (preparedStatement in libs/core), and so does the baseline.
 */

/** libs/auth/src/tokens/session.service.ts, actorForAccessToken: once per authenticated request. */
export const SESSION_SQL = `SELECT u.organisation_id, u.roles
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id AND o.active
        WHERE s.id = $1 AND u.id = $2 AND u.active AND s.revoked_at IS NULL AND s.expires_at > $3
          AND (u.tokens_valid_after IS NULL OR s.created_at >= u.tokens_valid_after)`;

/** The cases table's columns in TypeORM's metadata order (the entity's). */
const CASE_COLUMN_NAMES = [
  'id',
  'code',
  'organisation_id',
  'assignee_id',
  'status',
  'needs',
  'languages',
  'interpreter_needed',
  'urgency',
  'district',
  'age_band',
  'gender',
  'residence_status',
  'first_contact_channel',
  'follow_up_on',
  'outcome',
  'closed_at',
  'created_by_id',
  'pending_handoffs',
  'version',
  'created_at',
  'updated_at',
];

/**
 * The list and a single case read raw columns named like the entity's properties; the date as its
 * ISO text, the timestamps as the UTC text JSON has (libs/core/src/database/rows.ts, propertyColumns).
 */
const CASE_SELECT = CASE_COLUMN_NAMES.map((column) => {
  const alias = column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  if (column === 'follow_up_on') return `to_char(c.${column}, 'YYYY-MM-DD') AS "${alias}"`;
  if (column.endsWith('_at')) return `to_char(c.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "${alias}"`;
  return `c.${column} AS "${alias}"`;
}).join(', ');

/** libs/cases/src/cases.service.ts, list (filters: organisation, optionally status=active; newest first; limit + 1 as $2). */
export function caseListSql(options: { active: boolean }): string {
  return (
    `SELECT ${CASE_SELECT} FROM cases c WHERE c.organisation_id = $1` +
    (options.active ? ` AND c.status <> 'closed'` : '') +
    ' ORDER BY c.created_at DESC, c.id DESC LIMIT $2'
  );
}

/** libs/cases/src/cases.service.ts, findAccessible by id (own or shared by an accepted referral): the list's columns. */
export const CASE_BY_ID_SQL =
  `SELECT ${CASE_SELECT} FROM cases c WHERE c.id = $1 AND ` +
  '(c.organisation_id = $2 OR EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.organisation_id = $2))';

/** libs/audit/src/audit.service.ts, recordNow: the audit entry of every case read, one INSERT (a transaction by itself). */
export const AUDIT_INSERT_SQL =
  'INSERT INTO audit_log (action, actor_id, actor_organisation_id, organisation_ids, subject_type, subject_id, case_id, ip, details) ' +
  'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)';

/** The statements of one GET /cases?status=active&limit=N request and one GET /cases/:id, in order. */
export function expectedStatements(): { list: string[]; get: string[] } {
  return {
    list: [SESSION_SQL, caseListSql({ active: true })],
    get: [SESSION_SQL, CASE_BY_ID_SQL, AUDIT_INSERT_SQL],
  };
}
