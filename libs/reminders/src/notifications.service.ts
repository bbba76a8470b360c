import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, decodeCursor, NotFound, pageSize, runWrites, toPage, type Page, type JsonObject, type SqlWrite } from '@app/core';
import { Notification, type NotificationKind } from './notification.entity';
import type { NotificationQuery, NotificationView } from './notifications.dto';

export interface NotificationDraft {
  kind: NotificationKind;
  handoffId?: string | null;
  caseId?: string | null;
  caseCode?: string | null;
  data?: JsonObject;
}

/** The columns a notification is written with; the rest take their defaults. */
const INSERT_INTO = 'notifications (recipient_id, kind, handoff_id, case_id, case_code, data)';

export const TEAM_ROLES = ['counsellor', 'lead'];

/** An organisation's team inbox: its active members with one of `roles` (default TEAM_ROLES), and `also` these users. */
export interface TeamInbox {
  organisationId: string;
  roles?: string[];
  also?: string[];
}

/**
 * Who is in an organisation's team inbox, as a condition on `users` (SQL expressions for the
 * organisation id and the roles), so that a query reading its subject can select the same people.
 */
export const teamOfSql = (organisationId: string, roles: string) =>
  `organisation_id = ${organisationId} AND active AND roles && ${roles}::text[]`;

/**
 * The users `people` selects (an SQL uuid array, NULL when empty), else the organisation's active
 * leads, else its whole team: a notice that must reach somebody who can act on it. NULL when the
 * organisation has no active counsellor or lead at all.
 */
export const elseLeadsElseTeamSql = (people: string, organisationId: string) => `COALESCE(
  ${people},
  (SELECT array_agg(id) FROM users WHERE ${teamOfSql(organisationId, `'{lead}'`)}),
  (SELECT array_agg(id) FROM users WHERE ${teamOfSql(organisationId, `'{${TEAM_ROLES.join(',')}}'`)}))`;

/** Notifications, each to its own recipients. */
type Notifications = { recipientIds: Iterable<string>; draft: NotificationDraft }[];

/** The in-app inbox, and the outbox the worker e-mails from. */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes one notification per recipient inside the caller's transaction: one INSERT for all
   * recipients, no entities (also on the worker's hot path).
   */
  async notify(manager: EntityManager, recipientIds: Iterable<string>, draft: NotificationDraft): Promise<void> {
    await this.notifyEach(manager, [{ recipientIds, draft }]);
  }

  /**
   * Several notifications, each to its own recipients, in one INSERT (the worker delivers a batch of
   * reminders this way): one row per draft and recipient, a recipient listed twice for a draft once.
   */
  async notifyEach(manager: EntityManager, notifications: Notifications): Promise<void> {
    const writes = this.notifyWrites(notifications);
    if (writes.length) await runWrites(manager, writes);
  }

  /** notifyEach's INSERT for runWrites (none when nobody is to be notified). */
  notifyWrites(notifications: Notifications): SqlWrite[] {
    const columns: [string[], string[], (string | null)[], (string | null)[], (string | null)[], string[]] = [[], [], [], [], [], []];
    for (const { recipientIds, draft } of notifications) {
      const data = JSON.stringify(draft.data ?? {});
      for (const recipientId of new Set(recipientIds)) {
        columns[0].push(recipientId);
        columns[1].push(draft.kind);
        columns[2].push(draft.handoffId ?? null);
        columns[3].push(draft.caseId ?? null);
        columns[4].push(draft.caseCode ?? null);
        columns[5].push(data);
      }
    }
    if (columns[0].length === 0) return [];
    return [
      {
        sql: `INSERT INTO ${INSERT_INTO}
              SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::jsonb[])`,
        parameters: columns,
      },
    ];
  }

  /**
   * The INSERT of a notification for everyone in a team inbox, each once, for runWrites. It selects
   * the team itself: a large team is not read into the process and sent back. Those named in `also`
   * are told while they are active counsellors or leads of the organisation.
   */
  teamWrite(team: TeamInbox, draft: NotificationDraft): SqlWrite {
    return this.selectedWrite(
      `SELECT id FROM users WHERE ${teamOfSql('$6', '$7')} UNION SELECT id FROM users WHERE id = ANY($8::uuid[]) AND ${teamOfSql('$6', '$9')}`,
      [team.organisationId, team.roles ?? TEAM_ROLES, team.also ?? [], TEAM_ROLES],
      draft,
    );
  }

  /**
   * The INSERT of a notification for whoever works on something at an organisation (`assigneeId`,
   * while an active counsellor or lead there) and its leads; when neither is there, its whole team:
   * a notice about work in progress must reach somebody who can act on it.
   */
  workerAndLeadsWrite(organisationId: string, assigneeId: string | null, draft: NotificationDraft): SqlWrite {
    return this.selectedWrite(
      `WITH told AS (SELECT id FROM users WHERE ${teamOfSql('$6', `'{lead}'`)}
                     UNION SELECT id FROM users WHERE id = $7::uuid AND ${teamOfSql('$6', '$8')})
       SELECT id FROM told UNION ALL SELECT id FROM users WHERE ${teamOfSql('$6', '$8')} AND NOT EXISTS (SELECT 1 FROM told)`,
      [organisationId, assigneeId, TEAM_ROLES],
      draft,
    );
  }

  /**
   * The INSERT of a notification for each distinct user id that `recipients` selects when it runs (an
   * SQL query whose parameters, from $6, are `parameters`), for runWrites.
   */
  selectedWrite(recipients: string, parameters: unknown[], draft: NotificationDraft): SqlWrite {
    return insert(
      draft,
      `SELECT DISTINCT recipient_id FROM (${recipients}) AS selected(recipient_id) WHERE recipient_id IS NOT NULL`,
      parameters,
    );
  }

  async inbox(userId: string, query: NotificationQuery): Promise<Page<NotificationView>> {
    const limit = pageSize(query);
    const rows = await this.inboxQuery(userId, query, limit).getMany();
    return toPage(rows.map(toView), limit, (n) => [n.createdAt.toISOString(), n.id]);
  }

  /** A page of the inbox, newest first; each tab (all, unread, read) reads an index in that order. */
  inboxQuery(userId: string, query: NotificationQuery, limit: number) {
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const builder = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.recipient_id = :userId', { userId })
      .orderBy('n.created_at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit + 1);
    if (query.unread === 'true') builder.andWhere('n.read_at IS NULL');
    if (query.unread === 'false') builder.andWhere('n.read_at IS NOT NULL');
    if (after) builder.andWhere('(n.created_at, n.id) < (:createdAt, :id)', { createdAt: after[0], id: after[1] });
    return builder;
  }

  async markRead(userId: string, id: string): Promise<NotificationView> {
    const repository = this.dataSource.getRepository(Notification);
    const notification = await repository.findOne({ where: { id, recipientId: userId } });
    if (!notification) throw new NotFound('notification');
    if (!notification.readAt) {
      notification.readAt = this.clock.now();
      await repository.update({ id, recipientId: userId }, { readAt: notification.readAt });
    }
    return toView(notification);
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Notification)
      .set({ readAt: this.clock.now() })
      .where('recipient_id = :userId AND read_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }
}

/** One INSERT … SELECT of the draft for every recipient id that `recipients` selects (its parameters from $6). */
function insert(draft: NotificationDraft, recipients: string, parameters: unknown[]): SqlWrite {
  return {
    sql: `INSERT INTO ${INSERT_INTO}
          SELECT recipient_id, $1, $2, $3, $4, $5 FROM (${recipients}) AS recipients(recipient_id)`,
    parameters: [draft.kind, draft.handoffId ?? null, draft.caseId ?? null, draft.caseCode ?? null, draft.data ?? {}, ...parameters],
  };
}

function toView(n: Notification): NotificationView {
  return {
    id: n.id,
    kind: n.kind,
    handoffId: n.handoffId,
    caseId: n.caseId,
    caseCode: n.caseCode,
    data: n.data,
    createdAt: n.createdAt,
    readAt: n.readAt,
  };
}
