import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { berlinDate, Clock, isSaxonyWorkingDay } from '@app/core';
import { NotificationsService } from '@app/reminders';

/**
 * The leads' daily digest on Saxony working days: per organisation, what waits for an answer, what
 * is overdue, and which follow-ups fall due today. One run per day however often the job fires
 * (a row in digest_runs claims the day).
 */
@Injectable()
export class LeadDigestService {
  private readonly logger = new Logger(LeadDigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<{ day: string; sent: number } | null> {
    const now = this.clock.now();
    const day = berlinDate(now);
    if (!isSaxonyWorkingDay(day)) return null;
    return this.dataSource.transaction(async (manager) => {
      const claimed: unknown[] = await manager.query(`INSERT INTO digest_runs (day) VALUES ($1) ON CONFLICT DO NOTHING RETURNING day`, [
        day,
      ]);
      if (claimed.length === 0) return null;
      const figures: { organisation_id: string; lead_ids: string[]; pending: number; overdue: number; follow_ups: number }[] =
        await manager.query(
          `SELECT o.id AS organisation_id,
                array_agg(DISTINCT u.id) AS lead_ids,
                (SELECT count(*)::int FROM handoffs h WHERE h.target_organisation_id = o.id AND h.status = 'pending') AS pending,
                (SELECT count(*)::int FROM handoffs h WHERE h.target_organisation_id = o.id AND h.status = 'pending' AND h.response_due_at < $1) AS overdue,
                (SELECT count(*)::int FROM cases c WHERE c.organisation_id = o.id AND c.status <> 'closed' AND c.follow_up_on <= $2::date) AS follow_ups
           FROM organisations o JOIN users u ON u.organisation_id = o.id AND u.active AND 'lead' = ANY(u.roles)
          WHERE o.active
          GROUP BY o.id`,
          [now, day],
        );
      let sent = 0;
      for (const row of figures) {
        await this.notifications.notify(manager, row.lead_ids, {
          kind: 'lead_digest',
          data: { day, count: row.pending, pending: row.pending, overdue: row.overdue, followUps: row.follow_ups },
        });
        sent += row.lead_ids.length;
      }
      this.logger.log(`Lead digest for ${day}: ${sent} notifications`);
      return { day, sent };
    });
  }
}
