import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { addCalendarDays, berlinDate, berlinInstant, Clock, isoWeekOf, isSaxonyWorkingDay, type IsoWeek, type JsonObject } from '@app/core';
import { NotificationsService } from '@app/reminders';

/** What the day's run sent: how many leads were given a daily and a weekly digest. */
export interface LeadDigestResult {
  day: string;
  daily: number;
  weekly: number;
}

/**
 * The digests of each organisation's referrals and follow-ups for its leads, as each lead chose
 * (users.lead_digest): daily on Saxony working days, or weekly, with the past week in figures, to each
 * weekly lead not yet sent one this ISO week (users.weekly_digest_week): on the week's first working
 * day the job runs, and to a lead who chose weekly later in the week, on the next one. One run per
 * day however often the job fires (a row in digest_runs claims the day).
 */
@Injectable()
export class LeadDigestService {
  private readonly logger = new Logger(LeadDigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<LeadDigestResult | null> {
    const now = this.clock.now();
    const day = berlinDate(now);
    if (!isSaxonyWorkingDay(day)) return null;
    return this.dataSource.transaction(async (manager) => {
      const claimed: unknown[] = await manager.query(`INSERT INTO digest_runs (day) VALUES ($1) ON CONFLICT DO NOTHING RETURNING day`, [
        day,
      ]);
      if (claimed.length === 0) return null;
      const week = isoWeekOf(day);
      const daily = await this.sendDaily(manager, now, day);
      const weekly = await this.sendWeekly(manager, now, week);
      this.logger.log(`Lead digests for ${day}: ${daily} daily, ${weekly} weekly (${week.label})`);
      return { day, daily, weekly };
    });
  }

  /** Per organisation: what waits for an answer, what is overdue, and the follow-ups due by today. */
  private async sendDaily(manager: EntityManager, now: Date, day: string): Promise<number> {
    const figures: ({ lead_ids: string[] } & WaitingFigures)[] = await manager.query(
      `SELECT array_agg(DISTINCT u.id) AS lead_ids, ${WAITING_FIGURES}
         FROM ${leadsChoosing('daily')}
        WHERE o.active
        GROUP BY o.id`,
      [now, day],
    );
    return this.send(
      manager,
      figures.map(({ lead_ids, pending, overdue, follow_ups }) => ({
        recipientIds: lead_ids,
        data: { day, count: pending, pending, overdue, followUps: follow_ups },
      })),
      'lead_digest',
    );
  }

  /**
   * Per organisation: what waits now, the follow-ups due by the week's Sunday, and the week before
   * in figures (hand-offs received and how they were answered so far, cases opened and closed,
   * counting those retention deleted since, as the organisation dashboard does).
   */
  private async sendWeekly(manager: EntityManager, now: Date, week: IsoWeek): Promise<number> {
    const past = isoWeekOf(addCalendarDays(week.monday, -7));
    const figures: ({
      lead_ids: string[];
      received: number;
      accepted: number;
      declined: number;
      opened: number;
      closed: number;
    } & WaitingFigures)[] = await manager.query(
      `SELECT array_agg(DISTINCT u.id) AS lead_ids, ${WAITING_FIGURES},
                (SELECT count(*)::int FROM handoffs h WHERE h.target_organisation_id = o.id AND h.created_at >= $3 AND h.created_at < $4) AS received,
                (SELECT count(*)::int FROM handoffs h WHERE h.target_organisation_id = o.id AND h.created_at >= $3 AND h.created_at < $4
                    AND h.status IN ('accepted', 'completed')) AS accepted,
                (SELECT count(*)::int FROM handoffs h WHERE h.target_organisation_id = o.id AND h.created_at >= $3 AND h.created_at < $4
                    AND h.status = 'declined') AS declined,
                (SELECT count(*)::int FROM cases c WHERE c.organisation_id = o.id AND c.created_at >= $3 AND c.created_at < $4)
                  + (SELECT coalesce(sum(r.opened), 0)::int FROM retained_case_days r WHERE r.organisation_id = o.id AND r.day BETWEEN $5 AND $6) AS opened,
                (SELECT count(*)::int FROM cases c WHERE c.organisation_id = o.id AND c.closed_at >= $3 AND c.closed_at < $4)
                  + (SELECT coalesce(sum(r.closed), 0)::int FROM retained_case_days r WHERE r.organisation_id = o.id AND r.day BETWEEN $5 AND $6) AS closed
           FROM ${leadsChoosing('weekly')} AND (u.weekly_digest_week IS NULL OR u.weekly_digest_week < $7::date)
          WHERE o.active
          GROUP BY o.id`,
      [now, week.sunday, berlinInstant(past.monday, 0), berlinInstant(week.monday, 0), past.monday, past.sunday, week.monday],
    );
    await manager.query(`UPDATE users SET weekly_digest_week = $2 WHERE id = ANY($1::uuid[])`, [
      figures.flatMap((row) => row.lead_ids),
      week.monday,
    ]);
    return this.send(
      manager,
      figures.map(({ lead_ids, pending, overdue, follow_ups, received, accepted, declined, opened, closed }) => ({
        recipientIds: lead_ids,
        data: {
          week: week.label,
          count: pending,
          pending,
          overdue,
          followUpsDueBy: week.sunday,
          followUps: follow_ups,
          pastWeek: past.label,
          pastWeekFrom: past.monday,
          pastWeekTo: past.sunday,
          handoffsReceived: received,
          handoffsAccepted: accepted,
          handoffsDeclined: declined,
          casesOpened: opened,
          casesClosed: closed,
        },
      })),
      'lead_weekly_digest',
    );
  }

  /** One notification per organisation's leads, all in one INSERT; the number of leads told. */
  private async send(
    manager: EntityManager,
    digests: { recipientIds: string[]; data: JsonObject }[],
    kind: 'lead_digest' | 'lead_weekly_digest',
  ): Promise<number> {
    await this.notifications.notifyEach(
      manager,
      digests.map(({ recipientIds, data }) => ({ recipientIds, draft: { kind, data } })),
    );
    return digests.reduce((sum, digest) => sum + digest.recipientIds.length, 0);
  }
}

interface WaitingFigures {
  pending: number;
  overdue: number;
  follow_ups: number;
}

/** Organisations (o) joined to their active leads (u) who chose this digest; the figures group by o.id. */
const leadsChoosing = (digest: 'daily' | 'weekly') =>
  `organisations o JOIN users u ON u.organisation_id = o.id AND u.active AND 'lead' = ANY(u.roles) AND u.lead_digest = '${digest}'`;

/** Now ($1): hand-offs waiting for the organisation's answer, those overdue, and open cases to follow up by $2 (a date). */
const WAITING_FIGURES = `
  (SELECT count(*)::int FROM handoffs h WHERE h.target_organisation_id = o.id AND h.status = 'pending') AS pending,
  (SELECT count(*)::int FROM handoffs h WHERE h.target_organisation_id = o.id AND h.status = 'pending' AND h.response_due_at < $1) AS overdue,
  (SELECT count(*)::int FROM cases c WHERE c.organisation_id = o.id AND c.status <> 'closed' AND c.follow_up_on <= $2::date) AS follow_ups`;
