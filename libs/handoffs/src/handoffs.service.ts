import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { assertNoPersonalIdentifiers, CasesService, formatCaseCode, referralNeedsShare, type CaseActor } from '@app/cases';
import {
  answerOnCommit,
  BusinessRuleViolated,
  camelCaseRow,
  Clock,
  Conflict,
  decodeCursor,
  Environment,
  Forbidden,
  NotFound,
  pageSize,
  preparedStatement,
  isoTimestamp,
  propertyColumns,
  type PlainRow,
  responseDueAt,
  runWrites,
  toPage,
  type JsonObject,
  type Page,
  type SqlWrite,
  ValidationFailed,
} from '@app/core';
import { ReferenceDataService } from '@app/organisations';
import {
  NotificationsService,
  RemindersService,
  teamOfSql,
  TEAM_ROLES,
  type NotificationDraft,
  type NotificationKind,
  type ReminderDraft,
  type TeamInbox,
} from '@app/reminders';
import {
  HANDOFF_FREE_TEXT,
  type AcceptHandoffDto,
  type CompleteHandoffDto,
  type CreateHandoffDto,
  type DeclineHandoffDto,
  type HandoffListQuery,
  type HandoffSummary,
  type HandoffView,
  type WithdrawHandoffDto,
} from './handoff.dto';
import { Handoff } from './handoff.entity';
import { sendingSideSql } from './recipients';
import { ENDED_WITHOUT_ACCEPTANCE, TRANSITIONS, type HandoffAction, type HandoffSide } from './handoff-vocabulary';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;
/** How far ahead of the server's clock a consent's time may be: the sender's device clock may run fast. */
const CONSENT_CLOCK_SKEW_MS = 5 * 60_000;
const RESPONSE_REMINDERS = ['handoff_response_due', 'handoff_escalation', 'handoff_expiry'] as const;
/** Whose organisation acts on each side of a hand-off, as column and as property; the system's side is no one's. */
const ACTING_ORGANISATION: Record<HandoffSide, { column: string; property: 'targetOrganisationId' | 'sendingOrganisationId' } | null> = {
  target: { column: 'target_organisation_id', property: 'targetOrganisationId' },
  sender: { column: 'sending_organisation_id', property: 'sendingOrganisationId' },
  system: null,
};

type Transition = {
  action: HandoffAction;
  changes: Partial<Handoff>;
  /**
   * What the transition writes alongside (timeline, case, reminders, notifications): run together
   * in one statement, in its transaction, once the hand-off's UPDATE has won.
   */
  writes: (manager: EntityManager, handoff: Handoff) => SqlWrite[] | Promise<SqlWrite[]>;
};

/**
 * The closed referral loop: hand-offs from a case of the sending organisation to a target
 * organisation, through the states of TRANSITIONS. Every transition is one conditional UPDATE, so
 * of two people acting at once exactly one wins and the other gets 409.
 */
@Injectable()
export class HandoffsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly reference: ReferenceDataService,
    private readonly notifications: NotificationsService,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
    private readonly environment: Environment,
    private readonly clock: Clock,
  ) {}

  async create(actor: CaseActor, caseId: string, input: CreateHandoffDto): Promise<HandoffView> {
    await this.reference.assertKnown('domains', 'domains', input.domains);
    if (!input.consent || input.consent.given !== true) {
      throw new BusinessRuleViolated(
        'consent-missing',
        "The client's documented consent is required for a hand-off (consent.given must be true, with when, how and scope).",
        [{ field: 'consent', message: 'is missing or not given' }],
      );
    }
    const consentGivenAt = new Date(input.consent.givenAt);
    if (consentGivenAt.getTime() > this.clock.now().getTime() + CONSENT_CLOCK_SKEW_MS) {
      throw new ValidationFailed('consent.givenAt must not be in the future', [
        { field: 'consent.givenAt', message: 'must not be in the future' },
      ]);
    }
    assertNoPersonalIdentifiers({ message: input.message });
    try {
      return await this.dataSource.transaction(async (manager) => {
        const source = await this.cases.lockForNewHandoff(manager, actor, caseId);
        if (source.status === 'closed') throw new Conflict('The case is closed; reopen work on a new case to hand it off.', 'case-closed');
        const target = await this.assertTargetAccepts(manager, actor, input);
        // A pending transfer excludes every other pending hand-off, so that whoever owns the case
        // next also owns every open referral of it. The case counts its pending hand-offs (read under
        // its lock), so only a case that has some needs the look-up.
        if (source.pendingHandoffs > 0) {
          const [transfer] = await manager.query(`SELECT 1 FROM handoffs WHERE case_id = $1 AND kind = 'transfer' AND status = 'pending'`, [
            caseId,
          ]);
          if (transfer)
            throw new Conflict('The case has a pending transfer; withdraw it before handing the case off again.', 'transfer-pending');
          if (input.kind === 'transfer') {
            throw new Conflict(
              'The case has pending hand-offs; withdraw them (or wait for answers) before transferring it.',
              'handoffs-pending',
            );
          }
        }
        const draft = manager.create(Handoff, {
          id: randomUUID(),
          caseId,
          caseCode: source.code,
          kind: input.kind,
          status: 'pending',
          sendingOrganisationId: actor.organisationId,
          senderId: actor.userId,
          senderCaseAssigneeId: source.assigneeId,
          targetOrganisationId: input.targetOrganisationId,
          targetServiceId: input.targetServiceId ?? null,
          targetUserId: input.targetUserId ?? null,
          domains: input.domains,
          message: input.message,
          urgency: input.urgency ?? source.urgency,
          languages: source.languages,
          interpreterNeeded: source.interpreterNeeded,
          district: source.district,
          ageBand: source.ageBand,
          gender: source.gender,
          residenceStatus: source.residenceStatus,
          consent: { ...input.consent, given: true, givenAt: consentGivenAt.toISOString() },
          responseDueAt: responseDueAt(this.clock.now(), target.slaWorkingDays),
        });
        const [sql, parameters] = manager.createQueryBuilder().insert().into(Handoff).values(draft).returning('*').getQueryAndParameters();
        // The hand-off and what it writes alongside (timeline, the target team's notifications,
        // reminders) in one statement; the id is drawn here so that they can refer to it.
        const [row] = await runWrites(manager, [
          { sql, parameters },
          this.cases.eventWrite({
            caseId,
            kind: 'handoff_created',
            actor,
            handoffId: draft.id,
            data: { kind: draft.kind, targetOrganisationId: draft.targetOrganisationId },
          }),
          // The target's team inbox; when a counsellor is named, that counsellor and the leads.
          this.notifications.teamWrite(
            this.targetInbox(draft),
            this.notification('handoff_received', draft, { responseDueAt: draft.responseDueAt.toISOString() }),
          ),
          ...this.reminders.scheduleWrites(...this.responseReminders(draft)),
        ]);
        const handoff = manager.create(Handoff, camelCaseRow<Handoff>(row));
        // Last, in a statement of its own: the entry takes its audit chain's lock until COMMIT, which
        // within the statement above could come before the notifications are written.
        await this.audit.record(manager, this.auditRecord('handoff.created', actor, handoff, { kind: handoff.kind }));
        return answerOnCommit(toView(handoff, actor.organisationId));
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        throw new Conflict('A pending hand-off of this case to that organisation already exists.', 'duplicate-handoff');
      }
      throw error;
    }
  }

  private listColumns?: string;

  /** A page of the organisation's hand-offs, without their free text (HANDOFF_FREE_TEXT): reads of that are audited one by one. */
  async list(actor: CaseActor, query: HandoffListQuery): Promise<Page<HandoffSummary>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['timestamp', 'uuid']);
    const column = query.direction === 'incoming' ? 'target_organisation_id' : 'sending_organisation_id';
    // Plain rows, as for the case list: the team inbox is read as often.
    const parameters: unknown[] = [actor.organisationId];
    const conditions = [`h.${column} = $1`];
    if (query.status) conditions.push(`h.status = $${parameters.push(query.status)}`);
    if (after) conditions.push(`(h.created_at, h.id) < ($${parameters.push(after[0])}, $${parameters.push(after[1])})`);
    this.listColumns ??= propertyColumns(this.dataSource.getMetadata(Handoff), 'h', HANDOFF_FREE_TEXT);
    // Prepared: direction, status and page make eight shapes.
    const rows: Omit<PlainRow<Handoff>, (typeof HANDOFF_FREE_TEXT)[number]>[] = await this.dataSource.query(
      preparedStatement(
        `SELECT ${this.listColumns} FROM handoffs h WHERE ${conditions.join(' AND ')} ORDER BY h.created_at DESC, h.id DESC LIMIT $${parameters.push(limit + 1)}`,
      ),
      parameters,
    );
    return toPage(
      rows.map((row) => toSummary(row, actor.organisationId)),
      limit,
      (view) => [view.createdAt, view.id],
    );
  }

  async get(actor: CaseActor, id: string): Promise<HandoffView> {
    const handoff = await this.findVisible(this.dataSource.manager, actor, id);
    await this.audit.recordNow(this.auditRecord('handoff.read', actor, handoff));
    return toView(handoff, actor.organisationId);
  }

  accept(actor: CaseActor, id: string, input: AcceptHandoffDto): Promise<HandoffView> {
    const now = this.clock.now();
    const assigneeId = input.assigneeId ?? actor.userId;
    // As for a new case (CasesService.create): counsellors take work themselves, leads hand it out.
    if (assigneeId !== actor.userId && !actor.has('lead')) {
      return Promise.reject(new Forbidden('Counsellors accept hand-offs for themselves; a lead assigns them to colleagues.'));
    }
    return this.transition(actor, id, {
      action: 'accept',
      changes: { respondedAt: now, respondedById: actor.userId, targetAssigneeId: assigneeId },
      writes: async (manager, handoff) => {
        await this.cases.assertAssignable(manager, handoff.targetOrganisationId, assigneeId, actor);
        const event = { caseId: handoff.caseId, actor, handoffId: handoff.id };
        const transfer = handoff.kind === 'transfer';
        const moved = transfer ? await this.cases.transfer(manager, handoff.caseId, handoff.targetOrganisationId, assigneeId) : null;
        return [
          this.cases.eventWrite(
            ...(transfer
              ? [{ ...event, kind: 'transferred_in' as const, data: { fromOrganisationId: handoff.sendingOrganisationId } }]
              : []),
            { ...event, kind: 'handoff_accepted', data: { kind: handoff.kind } },
          ),
          ...(moved
            ? [...moved.writes, ...(await this.sharingEndedByTransferWrites(manager, handoff))]
            : [
                this.cases.uncountPendingHandoffWrite(handoff.caseId),
                this.cases.shareWrite(handoff.caseId, handoff.targetOrganisationId, handoff.id),
              ]),
          this.reminders.cancelWrite({ handoffId: handoff.id }, RESPONSE_REMINDERS),
          ...this.reminders.scheduleWrites({
            kind: 'handoff_outcome_due',
            caseId: handoff.caseId,
            handoffId: handoff.id,
            dueAt: new Date(now.getTime() + this.environment.HANDOFF_OUTCOME_FOLLOW_UP_DAYS * DAY_MS),
          }),
          // The case has moved already for a transfer: whoever had it until now is named.
          this.sendingSideWrite('handoff_accepted', handoff, {}, moved?.formerAssigneeId),
          ...this.assignedWrites(actor, handoff, assigneeId),
        ];
      },
    });
  }

  decline(actor: CaseActor, id: string, input: DeclineHandoffDto): Promise<HandoffView> {
    assertNoPersonalIdentifiers({ comment: input.comment });
    const declinedBy = input.declinedBy ?? 'provider';
    return this.transition(actor, id, {
      action: 'decline',
      changes: {
        respondedAt: this.clock.now(),
        respondedById: actor.userId,
        declineReason: input.reason,
        declinedBy,
        comment: input.comment ?? null,
      },
      writes: (_, handoff) => [
        ...this.settlePending(handoff, 'handoff_declined', actor, { reason: input.reason, declinedBy }),
        this.sendingSideWrite('handoff_declined', handoff, { reason: input.reason, declinedBy }),
      ],
    });
  }

  withdraw(actor: CaseActor, id: string, input: WithdrawHandoffDto): Promise<HandoffView> {
    assertNoPersonalIdentifiers({ comment: input.comment });
    return this.transition(actor, id, {
      action: 'withdraw',
      changes: { closedAt: this.clock.now(), closedById: actor.userId, comment: input.comment ?? null },
      writes: (_, handoff) => [
        ...this.settlePending(handoff, 'handoff_withdrawn', actor, {}),
        this.notifications.teamWrite(this.targetInbox(handoff), this.notification('handoff_withdrawn', handoff)),
      ],
    });
  }

  complete(actor: CaseActor, id: string, input: CompleteHandoffDto): Promise<HandoffView> {
    assertNoPersonalIdentifiers({ comment: input.comment });
    return this.transition(actor, id, {
      action: 'complete',
      changes: { outcome: input.outcome, closedAt: this.clock.now(), closedById: actor.userId, comment: input.comment ?? null },
      writes: (_, handoff) => [
        this.cases.eventWrite({
          caseId: handoff.caseId,
          kind: 'handoff_completed',
          actor,
          handoffId: handoff.id,
          data: { outcome: input.outcome },
        }),
        this.reminders.cancelWrite({ handoffId: handoff.id }, ['handoff_outcome_due']),
        // The client agreed to share the case for this referral only: its purpose is fulfilled.
        ...(handoff.kind === 'referral' && handoff.consent.scope === 'this_handoff'
          ? [this.cases.endShareWrite(handoff.caseId, handoff.targetOrganisationId, handoff.id)]
          : []),
        this.sendingSideWrite('handoff_completed', handoff, { outcome: input.outcome }),
      ],
    });
  }

  /**
   * The system's transition when nobody answered within the grace period (called by the worker,
   * inside the transaction that claimed the expiry reminder): both sides are told. Null if the
   * hand-off was no longer pending.
   */
  async expire(id: string, manager?: EntityManager): Promise<HandoffView | null> {
    try {
      return await this.transition(
        null,
        id,
        {
          action: 'expire',
          changes: { closedAt: this.clock.now() },
          writes: (_, handoff) => [
            ...this.settlePending(handoff, 'handoff_expired', null, {}),
            this.sendingSideWrite('handoff_expired', handoff),
            // Those who were told of it while pending, so that nobody there still acts on it.
            this.notifications.teamWrite(this.targetInbox(handoff), this.notification('handoff_received_expired', handoff)),
          ],
        },
        manager,
      );
    } catch (error) {
      if (error instanceof Conflict) return null;
      throw error;
    }
  }

  /**
   * Tells the sending side of every open hand-off to an organisation that has just left the network
   * (inside the transaction that deactivates it): a pending one will not be answered there, so that
   * the client's referral does not wait for its expiry; an accepted one will get no outcome there.
   * The hand-offs stay as they are, so a reactivation changes nothing.
   */
  async tellSendersTargetLeft(manager: EntityManager, organisationId: string): Promise<void> {
    const open: { id: string; kind: Handoff['kind']; status: Handoff['status']; case_code: string; recipients: string[] | null }[] =
      await manager.query(
        `SELECT h.id, h.kind, h.status, h.case_code, ${sendingSideSql('h')} AS recipients
           FROM handoffs h WHERE h.target_organisation_id = $1 AND h.status IN ('pending', 'accepted')`,
        [organisationId],
      );
    await this.notifications.notifyEach(
      manager,
      open.map((handoff) => ({
        recipientIds: handoff.recipients ?? [],
        draft: this.notification(handoff.status === 'pending' ? 'handoff_target_left' : 'handoff_accepted_target_left', {
          id: handoff.id,
          kind: handoff.kind,
          caseCode: handoff.case_code,
        }),
      })),
    );
  }

  /**
   * An accepted transfer ends the sharing of the case with the former owner's referral targets
   * (CasesService.transfer). Whoever works on each such referral and its organisation's leads (else
   * its team) are told, without naming the new owner; the referrals stay as they are, to be completed.
   */
  private async sharingEndedByTransferWrites(manager: EntityManager, transfer: Handoff): Promise<SqlWrite[]> {
    const referrals = await manager
      .getRepository(Handoff)
      .createQueryBuilder('h')
      .select(['h.id', 'h.kind', 'h.caseCode', 'h.targetOrganisationId', 'h.targetAssigneeId'])
      .where(
        `h.case_id = :caseId AND h.kind = 'referral' AND h.target_organisation_id <> :newOwner AND ${referralNeedsShare('h', ':formerOwner')}`,
        { caseId: transfer.caseId, newOwner: transfer.targetOrganisationId, formerOwner: transfer.sendingOrganisationId },
      )
      .getMany();
    return referrals.map((referral) =>
      this.notifications.workerAndLeadsWrite(
        referral.targetOrganisationId,
        referral.targetAssigneeId,
        this.notification('handoff_case_transferred', referral),
      ),
    );
  }

  /**
   * One transition: a conditional UPDATE that picks exactly one winner among concurrent actions and
   * checks visibility and side in the same WHERE; then its writes and the audit entry, all in one
   * transaction. Only when it changed nothing is the hand-off read, to say why (404, 403 or 409).
   */
  private transition(actor: CaseActor | null, id: string, transition: Transition, outer?: EntityManager): Promise<HandoffView> {
    const rule = TRANSITIONS[transition.action];
    const work = async (manager: EntityManager): Promise<HandoffView> => {
      if (!UUID.test(id)) throw new NotFound('hand-off');
      const update = manager
        .createQueryBuilder()
        .update(Handoff)
        .set({ ...transition.changes, status: rule.to })
        .where('id = :id AND status IN (:...from)', { id, from: rule.from });
      const acting = ACTING_ORGANISATION[rule.side];
      if (actor) update.andWhere(acting ? `${acting.column} = :organisationId` : 'false', { organisationId: actor.organisationId });
      const result = await update.returning('*').execute();
      if (!result.affected) throw await this.refusal(manager, actor, id, transition.action);
      const updated = manager.create(Handoff, camelCaseRow<Handoff>(result.raw[0] as Record<string, unknown>));
      const writes = await transition.writes(manager, updated);
      if (writes.length) await runWrites(manager, writes);
      await this.audit.record(manager, this.auditRecord(`handoff.${rule.to}`, actor, updated));
      return toView(updated, actor?.organisationId ?? updated.sendingOrganisationId);
    };
    return outer ? work(outer) : this.dataSource.transaction(work);
  }

  /** Why a transition's UPDATE changed nothing: the hand-off is not visible (404), is the other side's to act on (403), or has moved on (409). */
  private async refusal(manager: EntityManager, actor: CaseActor | null, id: string, action: HandoffAction): Promise<Error> {
    const rule = TRANSITIONS[action];
    const current = actor ? await this.findVisible(manager, actor, id) : await manager.findOne(Handoff, { where: { id } });
    if (!current) return new NotFound('hand-off');
    const acting = ACTING_ORGANISATION[rule.side];
    if (actor && (!acting || current[acting.property] !== actor.organisationId)) {
      return new Forbidden(`Only the ${rule.side === 'target' ? 'receiving' : 'sending'} organisation can ${action} this hand-off.`);
    }
    const from = rule.from.map((status) => `${/^[aeiou]/.test(status) ? 'an' : 'a'} ${status}`).join(' or ');
    return new Conflict(`The hand-off is ${current.status}; only ${from} hand-off can be ${pastTense(action)}.`, 'handoff-state');
  }

  private async findVisible(manager: EntityManager, actor: CaseActor, id: string): Promise<Handoff> {
    if (!UUID.test(id)) throw new NotFound('hand-off');
    const handoff = await manager
      .getRepository(Handoff)
      .createQueryBuilder('h')
      .where('h.id = :id AND (h.sending_organisation_id = :organisationId OR h.target_organisation_id = :organisationId)', {
        id,
        organisationId: actor.organisationId,
      })
      .getOne();
    if (!handoff) throw new NotFound('hand-off');
    return handoff;
  }

  private async assertTargetAccepts(
    manager: EntityManager,
    actor: CaseActor,
    input: CreateHandoffDto,
  ): Promise<{ slaWorkingDays: number }> {
    if (input.targetOrganisationId === actor.organisationId) {
      throw new BusinessRuleViolated(
        'same-organisation',
        'A hand-off goes to another organisation; assign the case to a colleague instead.',
        [{ field: 'targetOrganisationId', message: 'is your own organisation' }],
      );
    }
    // One statement for the organisation, the named service and the named counsellor.
    const [target]: { accepting: boolean; staffed: boolean; sla_working_days: number; service_valid: boolean; user_valid: boolean }[] =
      await manager.query(
        `SELECT o.active AND o.accepts_referrals AS accepting, o.response_sla_working_days AS sla_working_days,
              EXISTS (SELECT 1 FROM users WHERE ${teamOfSql('o.id', '$4')}) AS staffed,
              $2::uuid IS NULL OR EXISTS (SELECT 1 FROM services s WHERE s.id = $2 AND s.organisation_id = o.id AND s.active) AS service_valid,
              $3::uuid IS NULL OR EXISTS (SELECT 1 FROM users WHERE id = $3 AND ${teamOfSql('o.id', '$4')}) AS user_valid
         FROM organisations o WHERE o.id = $1`,
        [input.targetOrganisationId, input.targetServiceId ?? null, input.targetUserId ?? null, TEAM_ROLES],
      );
    if (!target) {
      throw new BusinessRuleViolated('target-not-accepting', 'No organisation in the network has this id.', [
        { field: 'targetOrganisationId', message: 'is no organisation of the network' },
      ]);
    }
    if (!target.accepting) {
      throw new BusinessRuleViolated(
        'target-not-accepting',
        'The target organisation does not accept referrals (or is not active in the network).',
        [{ field: 'targetOrganisationId', message: 'does not accept referrals' }],
      );
    }
    // Nobody there would be told of it, nor could answer: it would wait unseen until it expired.
    if (!target.staffed) {
      throw new BusinessRuleViolated(
        'target-unstaffed',
        'The target organisation has no active counsellor or lead who could answer the referral yet. Contact it or the network coordinator.',
        [{ field: 'targetOrganisationId', message: 'has no active counsellor or lead' }],
      );
    }
    if (!target.service_valid)
      throw new BusinessRuleViolated('target-service-invalid', 'The service is not an active service of the target organisation.', [
        { field: 'targetServiceId', message: 'is not an active service of the target organisation' },
      ]);
    if (!target.user_valid)
      throw new BusinessRuleViolated(
        'target-user-invalid',
        'The named counsellor is not an active counsellor or lead of the target organisation.',
        [{ field: 'targetUserId', message: 'is not an active counsellor or lead of the target organisation' }],
      );
    return { slaWorkingDays: target.sla_working_days };
  }

  /** Response due, escalation one working day later, expiry after the grace period. */
  private responseReminders(handoff: Handoff): ReminderDraft[] {
    const lastDueMoment = new Date(handoff.responseDueAt.getTime() - 1);
    const subject = { caseId: handoff.caseId, handoffId: handoff.id };
    return [
      { ...subject, kind: 'handoff_response_due', dueAt: handoff.responseDueAt },
      { ...subject, kind: 'handoff_escalation', dueAt: responseDueAt(lastDueMoment, 1) },
      { ...subject, kind: 'handoff_expiry', dueAt: responseDueAt(lastDueMoment, this.environment.HANDOFF_EXPIRY_GRACE_WORKING_DAYS) },
    ];
  }

  /** Decline, withdrawal, expiry: the hand-off is no longer pending. */
  private settlePending(
    handoff: Handoff,
    kind: 'handoff_declined' | 'handoff_withdrawn' | 'handoff_expired',
    actor: CaseActor | null,
    data: JsonObject,
  ): SqlWrite[] {
    return [
      this.cases.eventWrite({ caseId: handoff.caseId, kind, actor, handoffId: handoff.id, data }),
      this.cases.uncountPendingHandoffWrite(handoff.caseId),
      this.reminders.cancelWrite({ handoffId: handoff.id }, RESPONSE_REMINDERS),
    ];
  }

  /**
   * A notice to the hand-off's sending side (sendingSideSql), chosen when it is written; `formerAssignee`
   * had the case until this transaction moved it.
   */
  private sendingSideWrite(kind: NotificationKind, handoff: Handoff, data: JsonObject = {}, formerAssignee?: string | null): SqlWrite {
    return this.notifications.selectedWrite(
      `SELECT unnest(${sendingSideSql('h', '$7::uuid')}) FROM handoffs h WHERE h.id = $6`,
      [handoff.id, formerAssignee ?? null],
      this.notification(kind, handoff, data),
    );
  }

  /** Who at the target hears of a hand-off while it is pending: when a counsellor is named, that counsellor and the leads, else the team. */
  private targetInbox(handoff: Pick<Handoff, 'targetOrganisationId' | 'targetUserId'>): TeamInbox {
    return handoff.targetUserId
      ? { organisationId: handoff.targetOrganisationId, roles: ['lead'], also: [handoff.targetUserId] }
      : { organisationId: handoff.targetOrganisationId };
  }

  /** Tells the colleague an accepted hand-off was given to (the case's new assignee for a transfer), unless they accepted it themselves. */
  private assignedWrites(actor: CaseActor, handoff: Handoff, assigneeId: string): SqlWrite[] {
    if (assigneeId === actor.userId) return [];
    const draft = {
      kind: 'case_assigned' as const,
      caseId: handoff.caseId,
      caseCode: formatCaseCode(handoff.caseCode),
      data: { handoffId: handoff.id, kind: handoff.kind },
    };
    return this.notifications.notifyWrites([{ recipientIds: [assigneeId], draft }]);
  }

  private notification(
    kind: NotificationKind,
    handoff: Pick<Handoff, 'id' | 'kind' | 'caseCode'>,
    data: JsonObject = {},
  ): NotificationDraft {
    return { kind, handoffId: handoff.id, caseCode: formatCaseCode(handoff.caseCode), data: { kind: handoff.kind, ...data } };
  }

  /** The audit entry of a hand-off; a signed-in actor carries the caller's address to it. */
  private auditRecord(action: string, actor: CaseActor | null, handoff: Handoff, details: JsonObject = {}) {
    return {
      action,
      actor,
      organisationIds: [handoff.sendingOrganisationId, handoff.targetOrganisationId],
      subjectType: 'handoff' as const,
      subjectId: handoff.id,
      caseId: handoff.caseId,
      details,
    };
  }
}

function pastTense(action: HandoffAction): string {
  return { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn', complete: 'completed', expire: 'expired' }[action];
}

/**
 * What each side may see: the target gets the case id only once it has accepted, and the message
 * only while it decides and after it accepted. A hand-off that ended without acceptance (declined,
 * withdrawn, often because the client withdrew consent, or expired) no longer needs it there.
 */
export function toView(h: Handoff | PlainRow<Handoff>, viewerOrganisationId: string): HandoffView {
  const summary = toSummary(h, viewerOrganisationId);
  const messageWithheld = summary.direction === 'incoming' && ENDED_WITHOUT_ACCEPTANCE.has(h.status);
  return { ...summary, message: messageWithheld ? null : h.message, comment: h.comment };
}

/** A hand-off as a list shows it (HandoffSummary), from the entity or a plain row without the free text. */
function toSummary(h: Omit<Handoff | PlainRow<Handoff>, (typeof HANDOFF_FREE_TEXT)[number]>, viewerOrganisationId: string): HandoffSummary {
  const incoming = h.targetOrganisationId === viewerOrganisationId;
  const caseVisible = !incoming || h.status === 'accepted' || h.status === 'completed';
  return {
    id: h.id,
    kind: h.kind,
    status: h.status,
    direction: incoming ? 'incoming' : 'outgoing',
    caseCode: formatCaseCode(h.caseCode),
    caseId: caseVisible ? h.caseId : null,
    sendingOrganisationId: h.sendingOrganisationId,
    senderId: h.senderId,
    targetOrganisationId: h.targetOrganisationId,
    targetServiceId: h.targetServiceId,
    targetUserId: h.targetUserId,
    domains: h.domains,
    urgency: h.urgency,
    languages: h.languages,
    interpreterNeeded: h.interpreterNeeded,
    attributes: { district: h.district, ageBand: h.ageBand, gender: h.gender, residenceStatus: h.residenceStatus },
    consent: h.consent,
    responseDueAt: isoTimestamp(h.responseDueAt),
    targetAssigneeId: h.targetAssigneeId,
    respondedAt: isoTimestamp(h.respondedAt),
    declineReason: h.declineReason,
    declinedBy: h.declinedBy,
    outcome: h.outcome,
    closedAt: isoTimestamp(h.closedAt),
    createdAt: isoTimestamp(h.createdAt),
    updatedAt: isoTimestamp(h.updatedAt),
  };
}
