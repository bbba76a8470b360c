import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import {
  answerOnCommit,
  berlinDate,
  berlinInstant,
  BusinessRuleViolated,
  camelCaseRow,
  Clock,
  Conflict,
  decodeCursor,
  Forbidden,
  NotFound,
  pageSize,
  preparedStatement,
  isoTimestamp,
  propertyColumns,
  type PlainRow,
  returnedRows,
  runWrites,
  toPage,
  type Page,
  type PageQuery,
  ValidationFailed,
  type JsonObject,
  type SqlWrite,
} from '@app/core';
import { ReferenceDataService } from '@app/organisations';
import { NotificationsService, RemindersService } from '@app/reminders';
import type { CaseActor } from './case-actor';
import { caseCodePrefix, formatCaseCode, generateCaseCode, isValidCaseCode, normaliseCaseCode } from './case-code/case-code';
import type { AddNoteDto, CaseEventView, CaseListQuery, CaseView, CloseCaseDto, CreateCaseDto, UpdateCaseDto } from './case.dto';
import { Case } from './case.entity';
import { CaseEvent, type CaseEventKind } from './case-event.entity';
import { referralNeedsShare } from './case-share.entity';
import { assertNoPersonalIdentifiers } from './free-text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Reminders about a case's follow-up date fire at this hour, Europe/Berlin. */
const FOLLOW_UP_HOUR = 8;

export interface CaseEventDraft {
  caseId: string;
  kind: CaseEventKind;
  actor: { userId: string; organisationId: string } | null;
  handoffId?: string | null;
  text?: string | null;
  data?: JsonObject;
}

/** What a new hand-off checks on its case and copies from it. */
export type HandoffSource = Pick<
  Case,
  | 'code'
  | 'status'
  | 'assigneeId'
  | 'urgency'
  | 'languages'
  | 'interpreterNeeded'
  | 'district'
  | 'ageBand'
  | 'gender'
  | 'residenceStatus'
  | 'pendingHandoffs'
>;

export interface AccessibleCase {
  case: PlainRow<Case>;
  access: 'owner' | 'shared';
}

/**
 * Anonymised cases of an organisation: codes, coarse attributes, timeline, assignment, closing.
 * Cases of other organisations are invisible (404) unless shared by an accepted referral.
 */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceDataService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly reminders: RemindersService,
    private readonly clock: Clock,
  ) {}

  async create(actor: CaseActor, input: CreateCaseDto): Promise<CaseView> {
    await this.checkCodes(input);
    this.assertFollowUpAhead(input.followUpOn);
    return this.dataSource.transaction(async (manager) => {
      const assigneeId = input.assigneeId ?? (actor.has('counsellor') ? actor.userId : null);
      if (assigneeId) await this.assertAssignable(manager, actor.organisationId, assigneeId, actor);
      if (input.assigneeId && input.assigneeId !== actor.userId && !actor.has('lead')) {
        throw new Forbidden('Counsellors may create cases for themselves; a lead assigns them to colleagues.');
      }
      const { assigneeId: _ignored, ...attributes } = input;
      const entity = manager.create(Case, {
        ...attributes,
        code: normaliseCaseCode(generateCaseCode())!,
        organisationId: actor.organisationId,
        assigneeId,
        status: 'open',
        createdById: actor.userId,
      });
      const saved = await this.insertWithFreshCode(manager, entity);
      // What the new case writes alongside, in one statement (a new case has no follow-up to cancel).
      await runWrites(manager, [
        this.eventWrite({ caseId: saved.id, kind: 'created', actor, data: { assigneeId } }),
        ...this.assignedNotificationWrites(actor, saved),
        ...(saved.followUpOn ? this.followUpWrites(saved) : []),
      ]);
      await this.auditCase(manager, 'case.created', actor, saved);
      return answerOnCommit(toCaseView(saved, 'owner'));
    });
  }

  /** A case's columns for the list and single reads, raw and named like the entity's properties (see propertyColumns). */
  private get caseSelect(): string {
    this.caseColumns ??= propertyColumns(this.dataSource.getMetadata(Case), 'c');
    return this.caseColumns;
  }
  private caseColumns?: string;

  async list(actor: CaseActor, query: CaseListQuery): Promise<Page<CaseView>> {
    if (query.domain) await this.reference.assertKnown('domains', 'domain', [query.domain]);
    if (query.district) await this.reference.assertKnown('districts', 'district', [query.district]);
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    // Plain SQL rather than the query builder: this is the busiest read, and building the same
    // statement anew cost about 5% of its CPU. Every value is a bound parameter.
    const parameters: unknown[] = [actor.organisationId];
    const bind = (value: unknown) => `$${parameters.push(value)}`;
    const conditions = ['c.organisation_id = $1'];
    if (query.status === 'active') conditions.push("c.status <> 'closed'");
    else if (query.status) conditions.push(`c.status = ${bind(query.status)}`);
    if (query.assignee === 'me') conditions.push(`c.assignee_id = ${bind(actor.userId)}`);
    else if (query.assignee === 'none') conditions.push('c.assignee_id IS NULL');
    else if (query.assignee) conditions.push(`c.assignee_id = ${bind(query.assignee)}`);
    if (query.domain) conditions.push(`${bind(query.domain)} = ANY(c.needs)`);
    if (query.district) conditions.push(`c.district = ${bind(query.district)}`);
    if (query.urgency) conditions.push(`c.urgency = ${bind(query.urgency)}`);
    if (query.q) {
      const prefix = caseCodePrefix(query.q);
      // Nothing can start with characters a case code never has.
      conditions.push(prefix ? `c.code LIKE ${bind(`${prefix}%`)}` : 'false');
    }
    if (after) conditions.push(`(c.created_at, c.id) < (${bind(after[0])}, ${bind(after[1])})`);
    const text = `SELECT ${this.caseSelect} FROM cases c WHERE ${conditions.join(' AND ')} ORDER BY c.created_at DESC, c.id DESC LIMIT ${bind(limit + 1)}`;
    // The everyday lists (by status, assignee, page) are prepared: a few shapes. Each further filter
    // doubles the number of shapes, so lists searched by those are parsed anew (see preparedStatement).
    const everyday = !query.domain && !query.district && !query.urgency && !query.q;
    const rows: PlainRow<Case>[] = await this.dataSource.query(everyday ? preparedStatement(text) : text, parameters);
    return toPage(
      rows.map((row) => toCaseView(row, 'owner')),
      limit,
      (view) => [view.createdAt, view.id],
    );
  }

  /** By id or by case code (any case, with or without dash). Every read is audited. */
  async get(actor: CaseActor, idOrCode: string): Promise<CaseView> {
    const found = await this.findAccessible(this.dataSource.manager, actor, idOrCode);
    await this.auditCase(null, 'case.read', actor, found.case);
    return toCaseView(found.case, found.access);
  }

  async update(actor: CaseActor, id: string, input: UpdateCaseDto): Promise<CaseView> {
    await this.checkCodes(input);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockOwned(manager, actor, id);
      if (current.status === 'closed') throw new Conflict('The case is closed; it can no longer be changed.', 'case-closed');
      if (input.version !== undefined && input.version !== current.version) {
        throw new Conflict(
          `The case changed since you read it (version ${input.version}, now ${current.version}); reload and try again.`,
          'stale-version',
        );
      }
      const { version: _version, ...changes } = input;
      if (changes.assigneeId !== undefined && changes.assigneeId !== current.assigneeId) {
        this.assertMayAssign(actor, current, changes.assigneeId);
        if (changes.assigneeId) await this.assertAssignable(manager, current.organisationId, changes.assigneeId, actor);
      }
      const changed = Object.keys(changes).filter(
        (key) => JSON.stringify(changes[key as keyof typeof changes]) !== JSON.stringify(current[key as keyof Case]),
      );
      if (changed.length === 0) return toCaseView(current, 'owner');
      if (changed.includes('followUpOn')) this.assertFollowUpAhead(changes.followUpOn);
      const saved = await this.updateLocked(manager, current, changes);
      const reassigned = changed.includes('assigneeId');
      const otherChanges = changed.filter((field) => field !== 'assigneeId');
      await runWrites(manager, [
        this.eventWrite(
          ...(reassigned ? [{ caseId: id, kind: 'assigned' as const, actor, data: { assigneeId: saved.assigneeId } }] : []),
          ...(otherChanges.length ? [{ caseId: id, kind: 'updated' as const, actor, data: { fields: otherChanges } }] : []),
        ),
        ...(reassigned ? this.assignedNotificationWrites(actor, saved) : []),
        ...(reassigned || changed.includes('followUpOn') ? this.followUpWrites(saved) : []),
      ]);
      await this.auditCase(manager, 'case.updated', actor, saved, { fields: changed });
      return toCaseView(saved, 'owner');
    });
  }

  async addNote(actor: CaseActor, id: string, input: AddNoteDto): Promise<CaseEventView> {
    assertNoPersonalIdentifiers({ text: input.text });
    return this.dataSource.transaction(async (manager) => {
      const { case: found } = await this.findAccessible(manager, actor, id);
      if (found.status === 'closed') throw new Conflict('The case is closed; no more notes can be added.', 'case-closed');
      const event = await this.recordEvent(manager, { caseId: found.id, kind: 'note', actor, text: input.text });
      await this.auditCase(manager, 'case.note_added', actor, found);
      return answerOnCommit(toEventView(event));
    });
  }

  async timeline(actor: CaseActor, id: string, query: PageQuery): Promise<Page<CaseEventView>> {
    const { case: found, access } = await this.findAccessible(this.dataSource.manager, actor, id);
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['bigint']);
    const builder = this.dataSource
      .getRepository(CaseEvent)
      .createQueryBuilder('e')
      .where('e.case_id = :caseId', { caseId: found.id })
      .orderBy('e.id', 'ASC')
      .limit(limit + 1);
    // A referral shares the case, not the owner's other hand-offs of it: whom else the client was
    // sent to, their answers, and the notes of other organisations the case was referred to stay
    // with the owner (and that organisation), also once their sharing has ended. Left out in the
    // query, so that pages stay full and the cursor skips nothing.
    if (access === 'shared') {
      builder.andWhere(
        `((e.handoff_id IS NULL
             AND (e.actor_organisation_id IS NULL
                  OR e.actor_organisation_id = :reader
                  OR e.actor_organisation_id NOT IN (
                       SELECT h.target_organisation_id FROM handoffs h
                        WHERE h.case_id = :caseId AND h.kind = 'referral' AND h.status IN ('accepted', 'completed')
                          AND h.target_organisation_id <> :owner)))
          OR e.handoff_id IN (SELECT h.id FROM handoffs h WHERE h.case_id = :caseId AND :reader IN (h.sending_organisation_id, h.target_organisation_id)))`,
        { reader: actor.organisationId, owner: found.organisationId },
      );
    }
    if (after) builder.andWhere('e.id > :after', { after: after[0] });
    const rows = await builder.getMany();
    await this.auditCase(null, 'case.timeline_read', actor, found);
    return toPage(rows.map(toEventView), limit, (event) => [event.id]);
  }

  async close(actor: CaseActor, id: string, input: CloseCaseDto): Promise<CaseView> {
    assertNoPersonalIdentifiers({ comment: input.comment });
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockOwned(manager, actor, id);
      if (current.status === 'closed') throw new Conflict('The case is already closed.', 'case-closed');
      if (current.pendingHandoffs > 0)
        throw new BusinessRuleViolated(
          'pending-handoffs',
          'The case has pending hand-offs; withdraw them (or wait for an answer) before closing it.',
        );
      const saved = await this.updateLocked(manager, current, { status: 'closed', outcome: input.outcome, closedAt: this.clock.now() });
      await runWrites(manager, [
        this.eventWrite({ caseId: id, kind: 'closed', actor, text: input.comment ?? null, data: { outcome: input.outcome } }),
        this.reminders.cancelWrite({ caseId: id }, ['case_follow_up']),
        ...(await this.referralTargetsToldOfClosing(manager, saved)),
      ]);
      await this.auditCase(manager, 'case.closed', actor, saved, { outcome: input.outcome });
      return toCaseView(saved, 'owner');
    });
  }

  /**
   * Organisations working on an accepted referral of the owner's hear that it closed the case (their
   * notes are refused from now on; the referral stays theirs to complete): whoever took it on there
   * and their leads, else their team, as when a transfer ends the sharing. Referrals a former owner
   * sent are not its: their targets stopped sharing the case and must not learn what became of it.
   */
  private async referralTargetsToldOfClosing(manager: EntityManager, closed: Case): Promise<SqlWrite[]> {
    const referrals: { id: string; target_organisation_id: string; target_assignee_id: string | null }[] = await manager.query(
      `SELECT id, target_organisation_id, target_assignee_id FROM handoffs
        WHERE case_id = $1 AND sending_organisation_id = $2 AND kind = 'referral' AND status = 'accepted'`,
      [closed.id, closed.organisationId],
    );
    return referrals.map((referral) =>
      this.notifications.workerAndLeadsWrite(referral.target_organisation_id, referral.target_assignee_id, {
        kind: 'handoff_case_closed',
        handoffId: referral.id,
        caseCode: formatCaseCode(closed.code),
        data: { kind: 'referral' },
      }),
    );
  }

  // ---- for the hand-off workflow (same transaction as the hand-off change) ----

  /** The case if the actor's organisation owns it or it was shared with it; otherwise 404. */
  async findAccessible(manager: EntityManager, actor: { organisationId: string }, idOrCode: string): Promise<AccessibleCase> {
    let match = 'c.id = $1';
    let key = idOrCode;
    if (!UUID.test(idOrCode)) {
      const code = normaliseCaseCode(idOrCode);
      if (!code) throw new NotFound('case');
      // No case has such a code, so saying so reveals nothing, and it tells a mistyped code from an unknown one.
      if (!isValidCaseCode(code)) {
        // Said for a UUID gone wrong too ("not-a-uuid" reads as eight code characters), hence both spellings.
        throw new ValidationFailed(
          'idOrCode is neither a case id (UUID) nor a valid case code (XXXX-XXXX): if it is a code, a character is probably mistyped',
          [
            {
              field: 'idOrCode',
              message: 'is not a case id, nor a valid case code: its check character does not match, so a character is probably mistyped',
            },
          ],
        );
      }
      match = 'c.code = $1';
      key = code;
    }
    // A plain row shaped like the entity (as the list reads them): every case read goes through here.
    const [found]: PlainRow<Case>[] = await manager.query(
      preparedStatement(
        `SELECT ${this.caseSelect} FROM cases c WHERE ${match} AND ` +
          '(c.organisation_id = $2 OR EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = c.id AND s.organisation_id = $2))',
      ),
      [key, actor.organisationId],
    );
    if (!found) throw new NotFound('case');
    return { case: found, access: found.organisationId === actor.organisationId ? 'owner' : 'shared' };
  }

  /** The owning organisation's case, locked for the rest of the transaction; otherwise 404. */
  async lockOwned(manager: EntityManager, actor: { organisationId: string }, id: string): Promise<Case> {
    if (!UUID.test(id)) throw new NotFound('case');
    const found = await manager
      .getRepository(Case)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id AND c.organisation_id = :organisationId', { id, organisationId: actor.organisationId })
      .getOne();
    if (!found) throw await this.notOwned(manager, actor, id);
    return found;
  }

  /**
   * Why the actor's organisation may not change a case it does not own: 403 if it is shared with it
   * (it may see the case, api.md), 404 otherwise (its existence is not revealed).
   */
  private async notOwned(manager: EntityManager, actor: { organisationId: string }, id: string): Promise<Error> {
    const shared = await manager.query(`SELECT 1 FROM case_shares WHERE case_id = $1 AND organisation_id = $2`, [id, actor.organisationId]);
    if (!shared.length) return new NotFound('case');
    return new Forbidden(
      'The case is shared with your organisation to read and add notes; only the organisation that owns it can change, ' +
        'close or hand it off. Ask its sender, or record the outcome of your referral.',
    );
  }

  /**
   * The first step of a new hand-off, in one statement: the owning organisation's case, locked for
   * the rest of the transaction and counted as having one more pending hand-off (which the
   * transaction rolls back if the hand-off is refused); otherwise 404. `pendingHandoffs` is the
   * count before this hand-off.
   */
  async lockForNewHandoff(manager: EntityManager, actor: { organisationId: string }, id: string): Promise<HandoffSource> {
    if (!UUID.test(id)) throw new NotFound('case');
    const [found] = returnedRows<Record<string, unknown>>(
      await manager.query(
        `UPDATE cases SET pending_handoffs = pending_handoffs + 1 WHERE id = $1 AND organisation_id = $2
         RETURNING code, status, assignee_id, urgency, languages, interpreter_needed, district, age_band, gender, residence_status,
                   pending_handoffs - 1 AS pending_handoffs`,
        [id, actor.organisationId],
      ),
    );
    if (!found) throw await this.notOwned(manager, actor, id);
    return camelCaseRow<HandoffSource>(found) as HandoffSource;
  }

  private async recordEvent(manager: EntityManager, draft: CaseEventDraft): Promise<CaseEvent> {
    const [row] = await runWrites(manager, [this.eventWrite(draft)]);
    return manager.create(CaseEvent, camelCaseRow<CaseEvent>(row));
  }

  /** The INSERT of timeline entries, for runWrites: in the order given (one multi-row VALUES, so ids ascend in it). */
  eventWrite(...drafts: CaseEventDraft[]): SqlWrite {
    const now = this.clock.now();
    const parameters = drafts.flatMap((draft) => [
      draft.caseId,
      draft.kind,
      now,
      draft.actor?.userId ?? null,
      draft.actor?.organisationId ?? null,
      draft.handoffId ?? null,
      draft.text ?? null,
      draft.data ?? {},
    ]);
    const rows = drafts.map((_, row) => `(${Array.from({ length: 8 }, (_, column) => `$${row * 8 + column + 1}`).join(', ')})`);
    return {
      sql: `INSERT INTO case_events (case_id, kind, occurred_at, actor_id, actor_organisation_id, handoff_id, text, data)
            VALUES ${rows.join(', ')} RETURNING *`,
      parameters,
    };
  }

  /** The INSERT that shares a case with the organisation that accepted a referral of it, for runWrites. */
  shareWrite(caseId: string, organisationId: string, handoffId: string): SqlWrite {
    return {
      sql: `INSERT INTO case_shares (case_id, organisation_id, handoff_id) VALUES ($1, $2, $3) ON CONFLICT (case_id, organisation_id) DO NOTHING`,
      parameters: [caseId, organisationId, handoffId],
    };
  }

  /**
   * A referral the client consented to for that hand-off only (scope `this_handoff`) was completed:
   * its target no longer reads the case, unless another referral of the case to that organisation
   * still needs it (referralNeedsShare: sent by the case's owner, accepted, or completed with consent
   * to follow-up). For runWrites, after the completion's UPDATE.
   */
  endShareWrite(caseId: string, organisationId: string, handoffId: string): SqlWrite {
    return {
      sql: `DELETE FROM case_shares s WHERE s.case_id = $1 AND s.organisation_id = $2
              AND NOT EXISTS (SELECT 1 FROM handoffs h
                               WHERE h.case_id = $1 AND h.target_organisation_id = $2 AND h.kind = 'referral' AND h.id <> $3
                                 AND ${referralNeedsShare('h', '(SELECT c.organisation_id FROM cases c WHERE c.id = $1)')})`,
      parameters: [caseId, organisationId, handoffId],
    };
  }

  /**
   * A transfer was accepted: ownership moves, in one UPDATE that also uncounts the pending hand-off.
   * Returns the writes that go with it, for the caller to run with its own (runWrites): every share
   * of the case ends (the new owner's is no longer needed; the others were the former owner's to
   * give, with the client's consent to its referrals, and the new owner's notes are not part of
   * that), and the case's follow-up is scheduled again.
   */
  async transfer(
    manager: EntityManager,
    caseId: string,
    organisationId: string,
    assigneeId: string | null,
  ): Promise<{ writes: SqlWrite[]; formerAssigneeId: string | null }> {
    // The row locked and read first, so that who had the case until now comes back with the move.
    const [moved] = returnedRows<{ status: string; follow_up_on: string | null; former_assignee_id: string | null }>(
      await manager.query(
        `UPDATE cases c SET organisation_id = $2, assignee_id = $3, version = c.version + 1, updated_at = now(),
                          pending_handoffs = greatest(c.pending_handoffs - 1, 0)
           FROM (SELECT id, assignee_id FROM cases WHERE id = $1 FOR UPDATE) former
          WHERE c.id = former.id
          RETURNING c.status, c.follow_up_on::text AS follow_up_on, former.assignee_id AS former_assignee_id`,
        [caseId, organisationId, assigneeId],
      ),
    );
    return {
      writes: [
        { sql: `DELETE FROM case_shares WHERE case_id = $1`, parameters: [caseId] },
        ...(moved?.follow_up_on ? this.followUpWrites({ id: caseId, followUpOn: moved.follow_up_on, status: moved.status }) : []),
      ],
      formerAssigneeId: moved?.former_assignee_id ?? null,
    };
  }

  /**
   * A hand-off of the case is no longer pending, as an UPDATE for runWrites. The count (see
   * lockForNewHandoff) keeps a case with pending hand-offs from being closed.
   */
  uncountPendingHandoffWrite(caseId: string): SqlWrite {
    return { sql: `UPDATE cases SET pending_handoffs = greatest(pending_handoffs - 1, 0) WHERE id = $1`, parameters: [caseId] };
  }

  /** An audit entry about a case, readable by its owner's and the actor's organisation admins. */
  private auditCase(
    manager: EntityManager | null,
    action: string,
    actor: CaseActor,
    found: Pick<Case, 'id' | 'organisationId'>,
    details?: JsonObject,
  ): Promise<void> {
    const record = {
      action,
      actor,
      organisationIds: [found.organisationId, actor.organisationId],
      subjectType: 'case' as const,
      subjectId: found.id,
      caseId: found.id,
      details,
    };
    return manager ? this.audit.record(manager, record) : this.audit.recordNow(record);
  }

  /**
   * Throws 422 unless the user is an active counsellor or lead of the organisation. The actor themself, a
   * counsellor or lead signed in to that organisation (their account was checked on this request),
   * is one without a look-up.
   */
  async assertAssignable(manager: EntityManager, organisationId: string, userId: string, actor?: CaseActor): Promise<void> {
    if (actor && userId === actor.userId && actor.organisationId === organisationId && actor.has('counsellor', 'lead')) return;
    const rows = await manager.query(
      `SELECT 1 FROM users WHERE id = $1 AND organisation_id = $2 AND active AND roles && '{counsellor,lead}'::text[]`,
      [userId, organisationId],
    );
    if (!rows.length)
      throw new BusinessRuleViolated('assignee-invalid', 'The assignee must be an active counsellor or lead of the organisation.', [
        { field: 'assigneeId', message: 'is not an active counsellor or lead of the organisation' },
      ]);
  }

  private assertMayAssign(actor: CaseActor, current: Case, assigneeId: string | null): void {
    if (actor.has('lead')) return;
    const ownCase = current.assigneeId === actor.userId;
    const takingUnassigned = current.assigneeId === null && assigneeId === actor.userId;
    if (!ownCase && !takingUnassigned)
      throw new Forbidden('Counsellors may reassign only their own cases (or take an unassigned one); ask a lead.');
  }

  /**
   * Applies changes to a case this transaction has locked (lockOwned), in one UPDATE: the locked row
   * is what was read, so only the new version and update time come back.
   */
  private async updateLocked(manager: EntityManager, current: Case, changes: Partial<Case>): Promise<Case> {
    const version = current.version + 1;
    const result = await manager
      .createQueryBuilder()
      .update(Case)
      .set({ ...changes, version })
      .where('id = :id', { id: current.id })
      .returning('updated_at')
      .execute();
    const [row] = result.raw as { updated_at: Date }[];
    return Object.assign(current, changes, { version, updatedAt: row.updated_at });
  }

  /** Tells a newly assigned counsellor, unless they assigned the case to themselves. */
  private assignedNotificationWrites(actor: CaseActor, found: Case): SqlWrite[] {
    if (!found.assigneeId || found.assigneeId === actor.userId) return [];
    return this.notifications.notifyWrites([
      { recipientIds: [found.assigneeId], draft: { kind: 'case_assigned', caseId: found.id, caseCode: formatCaseCode(found.code) } },
    ]);
  }

  /** The case's follow-up reminder: scheduled for its follow-up date while it is open, else cancelled. */
  /** A new follow-up date is today or later (Europe/Berlin): one in the past is a typo, and would be overdue at once. */
  private assertFollowUpAhead(followUpOn: string | null | undefined): void {
    if (followUpOn && followUpOn < berlinDate(this.clock.now())) {
      throw new ValidationFailed('followUpOn must be today or later', [
        { field: 'followUpOn', message: 'must be today or later (Europe/Berlin); a follow-up date in the past is probably mistyped' },
      ]);
    }
  }

  private followUpWrites(found: { id: string; followUpOn: string | null; status: string }): SqlWrite[] {
    return found.followUpOn && found.status !== 'closed'
      ? this.reminders.scheduleWrites({ kind: 'case_follow_up', caseId: found.id, dueAt: berlinInstant(found.followUpOn, FOLLOW_UP_HOUR) })
      : [this.reminders.cancelWrite({ caseId: found.id }, ['case_follow_up'])];
  }

  /** Case codes are random; on the rare collision a new one is drawn. */
  private async insertWithFreshCode(manager: EntityManager, entity: Case): Promise<Case> {
    for (let attempt = 0; ; attempt++) {
      const exists = await manager.exists(Case, { where: { code: entity.code } });
      if (!exists) return manager.save(Case, entity);
      if (attempt > 5) throw new Error('could not draw an unused case code');
      entity.code = normaliseCaseCode(generateCaseCode())!;
    }
  }

  private async checkCodes(input: Pick<CreateCaseDto, 'needs' | 'languages' | 'district'> | UpdateCaseDto): Promise<void> {
    await this.reference.assertKnown('domains', 'needs', input.needs);
    await this.reference.assertKnown('languages', 'languages', input.languages);
    if (input.district) await this.reference.assertKnown('districts', 'district', [input.district]);
  }
}

export function toCaseView(c: Case | PlainRow<Case>, access: 'owner' | 'shared'): CaseView {
  return {
    id: c.id,
    code: formatCaseCode(c.code),
    organisationId: c.organisationId,
    access,
    assigneeId: c.assigneeId,
    status: c.status,
    needs: c.needs,
    languages: c.languages,
    interpreterNeeded: c.interpreterNeeded,
    urgency: c.urgency,
    district: c.district,
    ageBand: c.ageBand,
    gender: c.gender,
    residenceStatus: c.residenceStatus,
    firstContactChannel: c.firstContactChannel,
    followUpOn: c.followUpOn,
    outcome: c.outcome,
    closedAt: isoTimestamp(c.closedAt),
    version: c.version,
    createdAt: isoTimestamp(c.createdAt),
    updatedAt: isoTimestamp(c.updatedAt),
  };
}

function toEventView(e: CaseEvent): CaseEventView {
  return {
    id: e.id,
    kind: e.kind,
    occurredAt: e.occurredAt,
    actorId: e.actorId,
    actorOrganisationId: e.actorOrganisationId,
    handoffId: e.handoffId,
    text: e.text,
    data: e.data,
  };
}
