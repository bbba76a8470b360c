import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { answerOnCommit, BusinessRuleViolated, Clock, decodeCursor, Forbidden, NotFound, pageSize, toPage, type Page } from '@app/core';
import { ReferenceDataService } from '../reference/reference-data.service';
import type { CreateOrganisationDto, OrganisationListQuery, OrganisationView, UpdateOrganisationDto } from './organisation.dto';
import { Organisation } from './organisation.entity';

/** Who is asking, as far as organisation management is concerned. */
export interface OrganisationManager {
  userId: string;
  organisationId: string;
  isCoordinator: boolean;
  has(role: 'org_admin'): boolean;
  /** Where the request came from, for the audit log. */
  address?: string;
}

/** Audits a change of the directory (an organisation or a service): field names only, no texts. */
export function recordDirectoryChange(
  audit: AuditService,
  transaction: EntityManager,
  manager: OrganisationManager,
  change: { action: string; subject: 'organisation' | 'service'; subjectId: string; organisationId: string; input: object },
): Promise<void> {
  return audit.record(transaction, {
    action: change.action,
    actor: manager,
    organisationIds: [change.organisationId],
    subjectType: change.subject,
    subjectId: change.subjectId,
    details: { fields: Object.keys(change.input) },
  });
}

const COORDINATOR_ONLY_FIELDS = ['active', 'kind'] as const;

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly reference: ReferenceDataService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The network's directory of organisations, by name (keyset pagination). */
  async list(query: OrganisationListQuery): Promise<Page<OrganisationView>> {
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    const builder = this.organisations
      .createQueryBuilder('o')
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(limit + 1);
    if (query.kind) builder.andWhere('o.kind = :kind', { kind: query.kind });
    if (after) builder.andWhere('(o.name, o.id) > (:name, :id)', { name: after[0], id: after[1] });
    return toPage(await builder.getMany(), limit, (o) => [o.name, o.id]);
  }

  async get(id: string): Promise<OrganisationView> {
    const organisation = await this.organisations.findOne({ where: { id } });
    if (!organisation) throw new NotFound('organisation');
    return organisation;
  }

  async create(manager: OrganisationManager, input: CreateOrganisationDto): Promise<OrganisationView> {
    await this.checkCodes(input);
    const organisation = this.organisations.create({ ...input, address: input.address ?? null });
    return this.organisations.manager.transaction(async (transaction) => {
      const saved = await transaction.save(organisation);
      await recordDirectoryChange(this.audit, transaction, manager, {
        action: 'organisation.created',
        subject: 'organisation',
        subjectId: saved.id,
        organisationId: saved.id,
        input,
      });
      return answerOnCommit(saved);
    });
  }

  /**
   * Coordinators patch any organisation; an org admin patches its own profile (not `active` or `kind`).
   * Deactivating an organisation takes it out of the network: its staff lose access on their next
   * request, and their sessions stay ended after a reactivation (as for a deactivated user).
   * `onDeactivated` runs in the same transaction (the hand-offs waiting for the organisation live in
   * a library that depends on this one).
   */
  async update(
    manager: OrganisationManager,
    id: string,
    input: UpdateOrganisationDto,
    onDeactivated?: (transaction: EntityManager) => Promise<void>,
  ): Promise<OrganisationView> {
    return this.organisations.manager.transaction(async (transaction) => {
      // Locked, so that of two concurrent deactivations exactly one sees the organisation active.
      const organisation = await transaction.findOne(Organisation, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!organisation) throw new NotFound('organisation');
      if (!manager.isCoordinator) {
        if (!(manager.has('org_admin') && manager.organisationId === id))
          throw new Forbidden("Only the coordinator or this organisation's admin may change its profile.");
        const restricted = COORDINATOR_ONLY_FIELDS.filter((field) => input[field] !== undefined);
        if (restricted.length) throw new Forbidden(`Only the network coordinator may change: ${restricted.join(', ')}.`);
      }
      const deactivates = input.active === false && organisation.active;
      if (deactivates && id === manager.organisationId) {
        throw new BusinessRuleViolated(
          'self-lockout',
          'You cannot deactivate your own organisation: you and your colleagues would lose access at once.',
        );
      }
      await this.checkCodes(input);
      const action = deactivates
        ? 'organisation.deactivated'
        : input.active === true && !organisation.active
          ? 'organisation.reactivated'
          : 'organisation.updated';
      const saved = await transaction.save(Object.assign(organisation, input));
      // users.tokens_valid_after is each staff member's "not before" time (libs/counsellors); the session
      // check also reads the organisation's state, so access ends even for a session started meanwhile.
      if (deactivates) {
        await transaction.query('UPDATE users SET tokens_valid_after = $2 WHERE organisation_id = $1', [id, this.clock.now()]);
        await onDeactivated?.(transaction);
      }
      await recordDirectoryChange(this.audit, transaction, manager, {
        action,
        subject: 'organisation',
        subjectId: id,
        organisationId: id,
        input,
      });
      return saved;
    });
  }

  /** Throws 404 unless the organisation exists. */
  async assertExists(id: string): Promise<Organisation> {
    const organisation = await this.organisations.findOne({ where: { id } });
    if (!organisation) throw new NotFound('organisation');
    return organisation;
  }

  private async checkCodes(input: UpdateOrganisationDto): Promise<void> {
    await this.reference.assertKnown('districts', 'districts', input.districts);
    await this.reference.assertKnown('languages', 'languages', input.languages);
  }
}
