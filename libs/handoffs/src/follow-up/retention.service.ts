import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, closedCaseRetentionCutoff, Environment } from '@app/core';

const BATCH = 500;

/**
 * The ids of the hand-offs of a batch of cases ($1), as an array: `handoff_id = ANY(…)` can search
 * an index, where `handoff_id IN (subquery)` beside another condition is tested row by row over the
 * whole table.
 */
const BATCH_HANDOFF_IDS = 'ARRAY(SELECT id FROM handoffs WHERE case_id = ANY($1::uuid[]))';

/**
 * What retention deletes of a batch of cases ($1) in the two tables that grow fastest, each found
 * through indexes: read from end to end, notifications took 1 s and reminders 3 s per batch at
 * 4 and 1.7 million rows. Notifications name either their case or their hand-off (partial indexes
 * of migration NotificationRetentionIndexes); a reminder names its case, and its hand-off if it has one
 * (the unique keys of case reminders and of hand-off reminders).
 */
export const DELETE_CASE_NOTIFICATIONS_SQL = `DELETE FROM notifications
  WHERE case_id = ANY($1::uuid[]) OR handoff_id = ANY(${BATCH_HANDOFF_IDS})`;
export const DELETE_CASE_REMINDERS_SQL = `DELETE FROM reminders
  WHERE (case_id = ANY($1::uuid[]) AND handoff_id IS NULL) OR handoff_id = ANY(${BATCH_HANDOFF_IDS})`;

/**
 * Deletes closed cases after RETENTION_DAYS: the case, its timeline, shares, reminders and
 * notifications, and the free text of its hand-offs. What the statistics need survives as
 * aggregates (cases opened and closed per organisation and day, which the organisation dashboard
 * counts; closed cases per organisation, month, outcome and district; needs per domain) and as the
 * hand-off rows without text. The audit log keeps its ids.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly environment: Environment,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<number> {
    const cutoff = closedCaseRetentionCutoff(this.environment, this.clock.now());
    let deleted = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const ids: { id: string }[] = await manager.query(
          `SELECT id FROM cases WHERE status = 'closed' AND closed_at < $1 ORDER BY closed_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [cutoff],
        );
        if (ids.length === 0) return 0;
        const caseIds = ids.map((row) => row.id);
        await manager.query(
          `INSERT INTO retained_case_statistics (organisation_id, opened_month, closed_month, outcome, district, cases)
           SELECT organisation_id, date_trunc('month', created_at AT TIME ZONE 'Europe/Berlin')::date, date_trunc('month', closed_at AT TIME ZONE 'Europe/Berlin')::date,
                  coalesce(outcome, 'other'), coalesce(district, ''), count(*)::int
             FROM cases WHERE id = ANY($1::uuid[])
            GROUP BY 1, 2, 3, 4, 5
           ON CONFLICT (organisation_id, opened_month, closed_month, outcome, district)
           DO UPDATE SET cases = retained_case_statistics.cases + EXCLUDED.cases`,
          [caseIds],
        );
        await manager.query(
          `INSERT INTO retained_case_needs (organisation_id, closed_month, domain, cases)
           SELECT organisation_id, date_trunc('month', closed_at AT TIME ZONE 'Europe/Berlin')::date, need, count(*)::int
             FROM cases, unnest(needs) AS need WHERE id = ANY($1::uuid[])
            GROUP BY 1, 2, 3
           ON CONFLICT (organisation_id, closed_month, domain) DO UPDATE SET cases = retained_case_needs.cases + EXCLUDED.cases`,
          [caseIds],
        );
        await manager.query(
          `INSERT INTO retained_case_days (organisation_id, day, opened, closed)
           SELECT organisation_id, day, sum(opened)::int, sum(closed)::int FROM (
             SELECT organisation_id, (created_at AT TIME ZONE 'Europe/Berlin')::date AS day, 1 AS opened, 0 AS closed FROM cases WHERE id = ANY($1::uuid[])
             UNION ALL
             SELECT organisation_id, (closed_at AT TIME ZONE 'Europe/Berlin')::date, 0, 1 FROM cases WHERE id = ANY($1::uuid[])) counted
            GROUP BY 1, 2
           ON CONFLICT (organisation_id, day)
           DO UPDATE SET opened = retained_case_days.opened + EXCLUDED.opened, closed = retained_case_days.closed + EXCLUDED.closed`,
          [caseIds],
        );
        await manager.query(`UPDATE handoffs SET message = '', comment = NULL WHERE case_id = ANY($1::uuid[])`, [caseIds]);
        await manager.query(`DELETE FROM case_events WHERE case_id = ANY($1::uuid[])`, [caseIds]);
        await manager.query(`DELETE FROM case_shares WHERE case_id = ANY($1::uuid[])`, [caseIds]);
        await manager.query(DELETE_CASE_REMINDERS_SQL, [caseIds]);
        await manager.query(DELETE_CASE_NOTIFICATIONS_SQL, [caseIds]);
        await manager.query(`DELETE FROM cases WHERE id = ANY($1::uuid[])`, [caseIds]);
        return caseIds.length;
      });
      deleted += count;
      if (count < BATCH) break;
    }
    if (deleted) this.logger.log(`Retention: deleted ${deleted} cases closed before ${cutoff.toISOString()}`);
    return deleted;
  }
}
