import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { formatCaseCode } from '@app/cases';
import {
  addCalendarDays,
  berlinDate,
  berlinInstant,
  Clock,
  closedCaseRetentionCutoff,
  Environment,
  Forbidden,
  NotFound,
  preparedStatement,
} from '@app/core';
import { MIN_CELL, shownCounts, suppressCells, suppressTotal, type ShownCount } from './suppression';
import { dashboardWindow, networkWindow, type Window } from './window';

/** Who looks at a dashboard (the auth library's Actor fits). */
export interface DashboardViewer {
  userId: string;
  organisationId: string;
  isCoordinator: boolean;
  has(...roles: ('counsellor' | 'lead' | 'org_admin' | 'coordinator')[]): boolean;
}

type Count = { count: number };
/** A cell of the flow matrix: indexes of the sending and the receiving organisation, and the count. */
export type FlowCell = [from: number, to: number, count: ShownCount];
/** The network's flow matrix in coordinate form: every organisation once, then the non-empty cells. */
export interface FlowMatrix {
  /** The rows and columns: every organisation, ordered by name. */
  organisations: { id: string; name: string }[];
  /** Pairs with at least one hand-off, by sender's then receiver's index. */
  cells: FlowCell[];
}
const HOURS = `extract(epoch FROM (h.responded_at - h.created_at)) / 3600`;
/**
 * The organisation's ($1) hand-offs in the window ($2, $3) with their direction: one index range
 * per direction (an OR of both organisation columns cannot use either index).
 */
const HANDOFFS_BY_DIRECTION = `
  SELECT 'in' AS direction, domains, district FROM handoffs WHERE target_organisation_id = $1 AND created_at >= $2 AND created_at < $3
  UNION ALL
  SELECT 'out', domains, district FROM handoffs
   WHERE sending_organisation_id = $1 AND target_organisation_id <> $1 AND created_at >= $2 AND created_at < $3`;
/** The Monday (Europe/Berlin) starting the ISO week of a timestamp column: cheap to group by. */
const WEEK_START = (column: string) => `date_trunc('week', ${column} AT TIME ZONE 'Europe/Berlin')`;

/**
 * The three dashboards. Every figure is defined in libs/dashboards/README.md; the SQL here is
 * the definition's implementation, one query per figure, each bounded by organisation and window.
 */
@Injectable()
export class DashboardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly environment: Environment,
  ) {}

  /** My work: open cases, my organisation's pending incoming hand-offs, the hand-offs I took on, my due follow-ups. */
  async me(viewer: DashboardViewer) {
    const now = this.clock.now();
    const today = berlinDate(now);
    // Every counsellor's start page: its five statements are prepared.
    const [byStatus, byUrgency, incoming, takenOn, followUps] = await Promise.all([
      this.query<{ status: string } & Count>(
        preparedStatement(
          `SELECT status, count(*)::int AS count FROM cases WHERE organisation_id = $1 AND assignee_id = $2 AND status <> 'closed' GROUP BY status ORDER BY status`,
        ),
        [viewer.organisationId, viewer.userId],
      ),
      this.query<{ urgency: string } & Count>(
        preparedStatement(
          `SELECT urgency, count(*)::int AS count FROM cases WHERE organisation_id = $1 AND assignee_id = $2 AND status <> 'closed' GROUP BY urgency ORDER BY urgency`,
        ),
        [viewer.organisationId, viewer.userId],
      ),
      this.query<{ id: string; case_code: string; kind: string; urgency: string; response_due_at: Date; addressed_to_me: boolean }>(
        preparedStatement(
          `SELECT id, case_code, kind, urgency, response_due_at, target_user_id IS NOT DISTINCT FROM $2 AS addressed_to_me
           FROM handoffs WHERE target_organisation_id = $1 AND status = 'pending'
          ORDER BY response_due_at, id LIMIT 100`,
        ),
        [viewer.organisationId, viewer.userId],
      ),
      this.query<{ id: string; case_id: string; case_code: string; kind: string; responded_at: Date }>(
        preparedStatement(
          `SELECT id, case_id, case_code, kind, responded_at FROM handoffs
          WHERE target_organisation_id = $1 AND target_assignee_id = $2 AND status = 'accepted'
          ORDER BY responded_at, id LIMIT 100`,
        ),
        [viewer.organisationId, viewer.userId],
      ),
      this.query<{ id: string; code: string; follow_up_on: string }>(
        preparedStatement(
          `SELECT id, code, to_char(follow_up_on, 'YYYY-MM-DD') AS follow_up_on FROM cases
          WHERE organisation_id = $1 AND assignee_id = $2 AND status <> 'closed' AND follow_up_on <= $3::date
          ORDER BY follow_up_on, id LIMIT 100`,
        ),
        [viewer.organisationId, viewer.userId, today],
      ),
    ]);
    return {
      generatedAt: now.toISOString(),
      openCases: { byStatus, byUrgency, total: byStatus.reduce((sum, row) => sum + row.count, 0) },
      pendingIncomingHandoffs: incoming.map((h) => ({
        id: h.id,
        caseCode: formatCaseCode(h.case_code),
        kind: h.kind,
        urgency: h.urgency,
        responseDueAt: h.response_due_at.toISOString(),
        dueState: dueState(h.response_due_at, now),
        addressedToMe: h.addressed_to_me,
      })),
      handoffsAwaitingOutcome: takenOn.map((h) => ({
        id: h.id,
        caseId: h.case_id,
        caseCode: formatCaseCode(h.case_code),
        kind: h.kind,
        acceptedAt: h.responded_at.toISOString(),
      })),
      followUps: followUps.map((c) => ({
        caseId: c.id,
        caseCode: formatCaseCode(c.code),
        followUpOn: c.follow_up_on,
        state: c.follow_up_on < today ? 'overdue' : 'due',
      })),
    };
  }

  /** A lead's or org admin's view of their organisation over a window. */
  async organisation(viewer: DashboardViewer, organisationId: string, query: { from?: string; to?: string }) {
    if (viewer.organisationId !== organisationId) throw new NotFound('organisation');
    if (!viewer.has('lead', 'org_admin')) throw new Forbidden('The organisation dashboard is for its leads and admins.');
    const now = this.clock.now();
    const window = dashboardWindow(query, now);
    const params = [organisationId, window.from, window.to];
    const [staffRows, pendingAge, accepted, responseTimes, decisions, declines, outcomes, flowsByDomain, flowsByDistrict, weekly] =
      await Promise.all([
        // Three separate aggregates, each an index-only scan of a covering index (one join over all of
        // a big organisation's cases would read the table). One row per active counsellor or lead, and
        // a last row (user_id NULL) with the open cases none of them holds: unassigned, or still
        // assigned to someone who left (deactivating a user leaves its cases assigned).
        this.query<{ user_id: string | null; display_name: string; capacity: number; open: number; new: number; closed: number }>(
          `WITH open AS (SELECT assignee_id, count(*)::int AS n FROM cases WHERE organisation_id = $1 AND status <> 'closed' GROUP BY 1),
              created AS (SELECT assignee_id, count(*)::int AS n FROM cases WHERE organisation_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1),
              closed AS (SELECT assignee_id, count(*)::int AS n FROM cases WHERE organisation_id = $1 AND closed_at >= $2 AND closed_at < $3 GROUP BY 1),
              listed AS (SELECT id, display_name, case_capacity FROM users
                          WHERE organisation_id = $1 AND active AND roles && '{counsellor,lead}'::text[])
         SELECT u.id AS user_id, u.display_name, u.case_capacity AS capacity,
                coalesce(o.n, 0) AS open, coalesce(c.n, 0) AS new, coalesce(d.n, 0) AS closed, 0 AS part
           FROM listed u
           LEFT JOIN open o ON o.assignee_id = u.id LEFT JOIN created c ON c.assignee_id = u.id LEFT JOIN closed d ON d.assignee_id = u.id
         UNION ALL
         SELECT NULL, NULL, NULL, coalesce(sum(n), 0)::int, 0, 0, 1 FROM open
          WHERE assignee_id IS NULL OR assignee_id NOT IN (SELECT id FROM listed)
         ORDER BY part, display_name, user_id`,
          params,
        ),
        this.query<{ age: string; sla: string } & Count>(
          `SELECT CASE WHEN $2::timestamptz - created_at < interval '1 day' THEN 'under_1_day'
                     WHEN $2::timestamptz - created_at < interval '3 days' THEN '1_to_3_days'
                     WHEN $2::timestamptz - created_at < interval '7 days' THEN '3_to_7_days'
                     ELSE 'over_7_days' END AS age,
                CASE WHEN response_due_at <= $2 THEN 'overdue'
                     WHEN response_due_at <= $3 THEN 'due_today'
                     ELSE 'on_time' END AS sla,
                count(*)::int AS count
           FROM handoffs WHERE target_organisation_id = $1 AND status = 'pending'
          GROUP BY 1, 2 ORDER BY 1, 2`,
          [organisationId, now, endOfBerlinDay(now)],
        ),
        // Work taken on and not finished, now, by whom: the counsellors' figures and what no listed
        // (active) counsellor holds any more both come from it.
        this.query<{ assignee_id: string | null } & Count>(
          `SELECT target_assignee_id AS assignee_id, count(*)::int AS count FROM handoffs
            WHERE target_organisation_id = $1 AND status = 'accepted' GROUP BY 1`,
          [organisationId],
        ),
        this.query<{ responded: number; median_hours: number | null; p90_hours: number | null }>(
          `SELECT count(*)::int AS responded,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HOURS}) AS median_hours,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ${HOURS}) AS p90_hours
           FROM handoffs h WHERE h.target_organisation_id = $1 AND h.created_at >= $2 AND h.created_at < $3 AND h.responded_at IS NOT NULL`,
          params,
        ),
        this.query<{ accepted: number; declined: number }>(
          `SELECT count(*) FILTER (WHERE status IN ('accepted', 'completed'))::int AS accepted, count(*) FILTER (WHERE status = 'declined')::int AS declined
           FROM handoffs WHERE target_organisation_id = $1 AND created_at >= $2 AND created_at < $3`,
          params,
        ),
        this.query<{ reason: string; declinedBy: string } & Count>(
          `SELECT decline_reason AS reason, declined_by AS "declinedBy", count(*)::int AS count FROM handoffs
          WHERE target_organisation_id = $1 AND status = 'declined' AND created_at >= $2 AND created_at < $3
          GROUP BY 1, 2 ORDER BY 1, 2`,
          params,
        ),
        this.query<{ outcome: string } & Count>(
          `SELECT outcome, count(*)::int AS count FROM handoffs
          WHERE target_organisation_id = $1 AND status = 'completed' AND created_at >= $2 AND created_at < $3
          GROUP BY 1 ORDER BY 1`,
          params,
        ),
        this.query<{ direction: string; domain: string } & Count>(
          `SELECT direction, d AS domain, count(*)::int AS count FROM (${HANDOFFS_BY_DIRECTION}) h, unnest(h.domains) AS d
          GROUP BY 1, 2 ORDER BY 1, 2`,
          params,
        ),
        this.query<{ direction: string; district: string } & Count>(
          `SELECT direction, coalesce(district, 'unknown') AS district, count(*)::int AS count FROM (${HANDOFFS_BY_DIRECTION}) h
          GROUP BY 1, 2 ORDER BY 1, 2`,
          params,
        ),
        // Grouped by the week's start and formatted once per group: to_char on every row cost 70 ms.
        // Cases deleted by retention count from their per-day aggregate, on the day's start.
        this.query<{ week: string; series: string } & Count>(
          `SELECT to_char(week, 'IYYY-"W"IW') AS week, series, sum(count)::int AS count FROM (
           SELECT ${WEEK_START('created_at')} AS week, 'new_cases' AS series, count(*)::int AS count FROM cases
            WHERE organisation_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1
           UNION ALL
           SELECT ${WEEK_START('closed_at')}, 'closed_cases', count(*)::int FROM cases
            WHERE organisation_id = $1 AND closed_at >= $2 AND closed_at < $3 GROUP BY 1
           UNION ALL
           SELECT date_trunc('week', r.day::timestamp), s.series, CASE s.series WHEN 'new_cases' THEN r.opened ELSE r.closed END
             FROM retained_case_days r CROSS JOIN (VALUES ('new_cases'), ('closed_cases')) AS s (series)
            WHERE r.organisation_id = $1 AND r.day::timestamp AT TIME ZONE 'Europe/Berlin' >= $2 AND r.day::timestamp AT TIME ZONE 'Europe/Berlin' < $3
              AND CASE s.series WHEN 'new_cases' THEN r.opened ELSE r.closed END > 0
           UNION ALL
           SELECT ${WEEK_START('created_at')}, 'incoming_handoffs', count(*)::int FROM handoffs
            WHERE target_organisation_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1
           UNION ALL
           SELECT ${WEEK_START('created_at')}, 'outgoing_handoffs', count(*)::int FROM handoffs
            WHERE sending_organisation_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY 1) weeks
         GROUP BY weeks.week, series ORDER BY 1, 2`,
          params,
        ),
      ]);
    const unheld = staffRows.pop()!;
    const counsellors = staffRows;
    const decided = decisions[0].accepted + decisions[0].declined;
    const takenOn = new Map(accepted.map((row) => [row.assignee_id, row.count]));
    const awaitingOutcome = accepted.reduce((sum, row) => sum + row.count, 0);
    const heldByCounsellors = counsellors.reduce((sum, c) => sum + (takenOn.get(c.user_id) ?? 0), 0);
    return {
      organisationId,
      window: {
        ...windowView(window),
        // Cases closed before this instant are deleted (retention): a window reaching back that far
        // counts only the cases still kept per counsellor; the weekly series count the deleted ones
        // from their aggregate. Hand-offs are kept (without text): their figures are complete.
        closedCasesDeletedBefore: closedCaseRetentionCutoff(this.environment, now).toISOString(),
      },
      generatedAt: now.toISOString(),
      counsellors: counsellors.map((c) => ({
        userId: c.user_id!,
        displayName: c.display_name,
        openCases: c.open,
        handoffsAwaitingOutcome: takenOn.get(c.user_id) ?? 0,
        capacity: c.capacity,
        newInWindow: c.new,
        closedInWindow: c.closed,
      })),
      pendingIncomingHandoffs: pendingAge,
      openCases: {
        total: counsellors.reduce((sum, c) => sum + c.open, unheld.open),
        withoutActiveAssignee: unheld.open,
      },
      // The counsellors listed are the organisation's active counsellors and leads.
      acceptedHandoffs: { awaitingOutcome, withoutActiveAssignee: awaitingOutcome - heldByCounsellors },
      responseTimes: {
        responded: responseTimes[0].responded,
        medianHours: round(responseTimes[0].median_hours),
        p90Hours: round(responseTimes[0].p90_hours),
      },
      acceptance: {
        accepted: decisions[0].accepted,
        declined: decisions[0].declined,
        rate: decided ? round(decisions[0].accepted / decided, 3) : null,
      },
      declinesByReason: declines,
      outcomes,
      flowsByDomain,
      flowsByDistrict,
      weekly,
    };
  }

  /**
   * The coordinator's network-wide view: one whole month that is over (networkWindow), each figure
   * counted by when its event happened (a hand-off sent, a decline or answer given), so that no
   * later call shows a difference; small cells suppressed.
   */
  async network(viewer: DashboardViewer, query: { from?: string; to?: string }) {
    if (!viewer.isCoordinator) throw new Forbidden('The network dashboard is for the network coordinator.');
    const now = this.clock.now();
    const window = networkWindow(query, now);
    const params = [window.from, window.to];
    const [[flowMatrix], unmet, coverage, responseByKind] = await Promise.all([
      // One statement, so that the organisations and the cells' indexes into them come from one
      // snapshot. The matrix has over 10,000 cells: built as JSON in Postgres, it reaches the API as
      // one text to parse instead of rows with two ids each.
      this.query<{ organisations: FlowMatrix['organisations']; cells: [number, number, number][] }>(
        `WITH ranked AS (SELECT id, name, (row_number() OVER (ORDER BY name, id) - 1)::int AS index FROM organisations),
              pairs AS (SELECT sending_organisation_id, target_organisation_id, count(*)::int AS count
                          FROM handoffs WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2)
         SELECT (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY index), '[]') FROM ranked) AS organisations,
                (SELECT coalesce(json_agg(json_build_array(f.index, t.index, p.count) ORDER BY f.index, t.index), '[]')
                   FROM pairs p JOIN ranked f ON f.id = p.sending_organisation_id JOIN ranked t ON t.id = p.target_organisation_id) AS cells`,
        params,
      ),
      this.query<{ reason: string; domain: string; language: string } & Count>(
        `SELECT h.decline_reason AS reason, d AS domain, coalesce(l, 'none') AS language, count(*)::int AS count
           FROM handoffs h CROSS JOIN unnest(h.domains) AS d LEFT JOIN LATERAL unnest(h.languages) AS l ON true
          WHERE h.status = 'declined' AND h.decline_reason IN ('no_capacity', 'language_not_available') AND h.responded_at >= $1 AND h.responded_at < $2
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        params,
      ),
      // Today's open cases, not a month that is over: a small cell here would announce each case as it
      // opens or closes ("a first Somali-speaking case in Alt-West"), so only cells of at least
      // MIN_CELL cases are listed at all.
      this.query<{ district: string; language: string; cases_needing: number; services_offering: number }>(
        `WITH needed AS (SELECT district, language, open_cases AS cases_needing FROM open_case_languages WHERE open_cases >= ${MIN_CELL}),
         offered AS (
           SELECT d.code AS district, l AS language, count(DISTINCT s.id)::int AS services_offering
             FROM districts d JOIN services s ON s.active AND (s.districts = '{}' OR d.code = ANY(s.districts))
             JOIN organisations o ON o.id = s.organisation_id AND o.active, unnest(s.languages) AS l
            WHERE d.kind = 'district'
            GROUP BY 1, 2)
         SELECT n.district, n.language, n.cases_needing, coalesce(o.services_offering, 0) AS services_offering
           FROM needed n LEFT JOIN offered o USING (district, language)
          ORDER BY n.district, n.language`,
        [],
      ),
      this.query<{ kind: string; responded: number; median_hours: number | null; p90_hours: number | null }>(
        `SELECT o.kind, count(*)::int AS responded,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${HOURS}) AS median_hours,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY ${HOURS}) AS p90_hours
           FROM handoffs h JOIN organisations o ON o.id = h.target_organisation_id
          WHERE h.responded_at >= $1 AND h.responded_at < $2
          GROUP BY o.kind ORDER BY o.kind`,
        params,
      ),
    ]);
    const { organisations, cells } = flowMatrix;
    // Rows, columns, and the whole matrix (its total is published).
    const flowCounts = shownCounts(
      cells.map((cell) => cell[2]),
      [(index) => cells[index][0], (index) => cells[index][1], () => 'all'],
    );
    const unmetCells = suppressCells(unmet, [(c) => `${c.reason} ${c.domain}`, (c) => `${c.reason} ${c.language}`]);
    return {
      window: windowView(window),
      generatedAt: now.toISOString(),
      flows: { organisations, cells: cells.map(([from, to], index): FlowCell => [from, to, flowCounts[index]]) } satisfies FlowMatrix,
      totalHandoffs: suppressTotal(cells.reduce((sum, cell) => sum + cell[2], 0)),
      unmetNeeds: unmetCells.map((c) => ({ reason: c.reason, domain: c.domain, language: c.language, count: c.count })),
      languageCoverage: coverage.map((c) => ({
        district: c.district,
        language: c.language,
        casesNeeding: c.cases_needing,
        servicesOffering: c.services_offering,
        gap: c.services_offering === 0,
      })),
      responseTimesByOrganisationKind: responseByKind.map((r) => {
        const responded: ShownCount = suppressTotal(r.responded);
        const small = responded === '<5';
        return {
          organisationKind: r.kind,
          responded,
          medianHours: small ? null : round(r.median_hours),
          p90Hours: small ? null : round(r.p90_hours),
        };
      }),
    };
  }

  private query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return this.dataSource.query(sql, parameters);
  }
}

function dueState(responseDueAt: Date, now: Date): 'overdue' | 'due_today' | 'on_time' {
  if (responseDueAt <= now) return 'overdue';
  return responseDueAt <= endOfBerlinDay(now) ? 'due_today' : 'on_time';
}

/** The end (24:00) of the Berlin day of `now`: a due time up to then is due today. */
function endOfBerlinDay(now: Date): Date {
  return berlinInstant(addCalendarDays(berlinDate(now), 1), 0);
}

const round = (value: number | null, digits = 1) => (value === null ? null : Number(Number(value).toFixed(digits)));
const windowView = (window: Window) => ({ from: window.from.toISOString(), to: window.to.toISOString(), timeZone: 'Europe/Berlin' });
