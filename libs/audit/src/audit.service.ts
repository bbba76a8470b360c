import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { decodeCursor, pageSize, preparedStatement, toPage, windowInstant, type Page, type JsonObject } from '@app/core';
import type { AuditQuery, AuditEntryView } from './audit.dto';
import { AuditEntry, type AuditSubject } from './audit-entry.entity';

export interface AuditRecord {
  action: string;
  /** Who acted; `address` is where from (a signed-in Actor carries it). */
  actor?: { userId: string; organisationId: string; address?: string } | null;
  organisationIds: string[];
  subjectType: AuditSubject;
  subjectId?: string | null;
  caseId?: string | null;
  ip?: string | null;
  /** Codes and ids only: never free text, names of clients, passwords or tokens. */
  details?: JsonObject;
}

/** Who reads the audit log. */
export interface AuditReader {
  organisationId: string;
  isCoordinator: boolean;
  has(role: 'org_admin'): boolean;
}

/**
 * Every entry is written by this one statement; the trigger fills in time, chain and hashes. Plain
 * SQL, not TypeORM's insert builder: that built the statement anew for every case read (a tenth of
 * its CPU) and read back the generated columns, which nobody uses.
 */
const INSERT_ENTRY = preparedStatement(
  'INSERT INTO audit_log (action, actor_id, actor_organisation_id, organisation_ids, subject_type, subject_id, case_id, ip, details) ' +
    'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
);

/** Subjects the coordinator may read about: organisations, users and reference data, never case content. */
const COORDINATOR_SUBJECTS: AuditSubject[] = ['organisation', 'service', 'user', 'session', 'reference'];

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends an entry inside the caller's transaction, so it commits or rolls back with the change. */
  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.query(INSERT_ENTRY, [
      record.action,
      record.actor?.userId ?? null,
      record.actor?.organisationId ?? null,
      [...new Set(record.organisationIds)],
      record.subjectType,
      record.subjectId ?? null,
      record.caseId ?? null,
      // Entries written without an address (account and organisation changes) take the signed-in actor's.
      record.ip ?? record.actor?.address ?? null,
      record.details ?? {},
    ]);
  }

  /**
   * Appends an entry on its own (reads, logins): one INSERT, which is a transaction by itself, so the
   * chain trigger's lock is held until it commits, as it would be in an explicit one.
   */
  recordNow(record: AuditRecord): Promise<void> {
    return this.record(this.dataSource.manager, record);
  }

  /**
   * Org admins read their organisation's entries; the coordinator reads entries about organisations and
   * users. Newest first by time, so that a window in the past is read from its end (indexes of migration
   * AuditLogTimeOrder), not by walking every newer entry.
   */
  async list(reader: AuditReader, query: AuditQuery): Promise<Page<AuditEntryView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'bigint']);
    const builder = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      // The cursor keeps the time to the microsecond (a JavaScript Date would round it to the millisecond).
      .addSelect(`to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_time')
      .orderBy('a.occurred_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1);
    const scopes: string[] = [];
    if (reader.has('org_admin')) scopes.push(':organisationId = ANY(a.organisation_ids)');
    if (reader.isCoordinator) scopes.push('a.subject_type IN (:...coordinatorSubjects)');
    builder.where(`(${scopes.join(' OR ') || 'false'})`, {
      organisationId: reader.organisationId,
      coordinatorSubjects: COORDINATOR_SUBJECTS,
    });
    // A hand-off's target learns the case's id only when it accepts (as GET /handoffs/:id shows it):
    // until then its copy of the hand-off's entries carries none, and a search by that id finds none.
    builder.addSelect(`(${CASE_ID_WITHHELD})`, 'case_id_withheld');
    if (query.caseId) builder.andWhere(`a.case_id = :caseId AND NOT (${CASE_ID_WITHHELD})`, { caseId: query.caseId });
    if (query.actorId) builder.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.from) builder.andWhere('a.occurred_at >= :from', { from: windowInstant(query.from) });
    if (query.to) builder.andWhere('a.occurred_at < :to', { to: windowInstant(query.to) });
    if (after) builder.andWhere('(a.occurred_at, a.id) < (:afterTime, :afterId)', { afterTime: after[0], afterId: after[1] });
    const { entities, raw } = await builder.getRawAndEntities<{ a_id: string; cursor_time: string; case_id_withheld: boolean }>();
    const rawOf = new Map(raw.map((row) => [String(row.a_id), row]));
    const views = entities.map((entry) => toView(entry, rawOf.get(entry.id)!.case_id_withheld, showsAddress(reader, entry)));
    return toPage(views, limit, (entry) => [rawOf.get(entry.id)!.cursor_time, entry.id]);
  }

  /**
   * Recomputes every chain; returns the entries whose hash or link does not match (empty when intact).
   * Used by the `audit:verify` command.
   */
  async verify(): Promise<{ entries: number; broken: { id: string; chain: number; seq: string; problem: string }[] }> {
    // Millions of entries take longer than the API's statement timeout; this is a command, not a request.
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL statement_timeout = 0');
      const [{ count }] = await manager.query('SELECT count(*)::text AS count FROM audit_log');
      const broken: { id: string; chain: number; seq: string; problem: string }[] = await manager.query(`
      SELECT id, chain, seq,
             CASE WHEN bad_hash THEN 'content does not match its hash'
                  WHEN bad_link THEN 'link to the previous entry is broken'
                  ELSE 'an entry before this one is missing' END AS problem
        FROM (SELECT a.id::text AS id, a.chain, a.seq::text AS seq,
                     a.hash IS DISTINCT FROM audit_entry_digest(a.prev_hash, a) AS bad_hash,
                     a.prev_hash IS DISTINCT FROM coalesce(lag(a.hash) OVER w, '\\x'::bytea) AS bad_link,
                     a.seq <> coalesce(lag(a.seq) OVER w, 0) + 1 AS gap
                FROM audit_log a
              WINDOW w AS (PARTITION BY a.chain ORDER BY a.seq)) checked
       WHERE bad_hash OR bad_link OR gap
       ORDER BY chain, seq::bigint
       LIMIT 100`);
      return { entries: Number(count), broken };
    });
  }
}

/** SQL: the entry `a` is about a hand-off to the reader's organisation that it has not accepted. */
const CASE_ID_WITHHELD = `a.subject_type = 'handoff' AND EXISTS (SELECT 1 FROM handoffs h WHERE h.id = a.subject_id
  AND h.target_organisation_id = :organisationId AND h.status NOT IN ('accepted', 'completed'))`;

/**
 * A staff member's network address is theirs and their organisation's: an entry another organisation
 * also reads (a read of a shared case, an accepted hand-off) shows it only to the actor's own
 * organisation, and to the coordinator for what it oversees (sign-ins, accounts). Entries without a
 * signed-in actor (a failed sign-in, a password link used) are about the reader's own accounts.
 */
function showsAddress(reader: AuditReader, entry: AuditEntry): boolean {
  if (entry.actorOrganisationId === null || entry.actorOrganisationId === reader.organisationId) return true;
  return reader.isCoordinator && COORDINATOR_SUBJECTS.includes(entry.subjectType);
}

function toView(entry: AuditEntry, caseIdWithheld: boolean, showAddress: boolean): AuditEntryView {
  return {
    id: entry.id,
    occurredAt: entry.occurredAt,
    action: entry.action,
    actorId: entry.actorId,
    actorOrganisationId: entry.actorOrganisationId,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    caseId: caseIdWithheld ? null : entry.caseId,
    ip: showAddress ? entry.ip : null,
    details: entry.details,
  };
}
