import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { answerOnCommit, decodeCursor, Forbidden, NotFound, pageSize, toPage, type Page } from '@app/core';
import { ReferenceDataService } from '../reference/reference-data.service';
import type { CreateOrganisationDto, OrganisationListQuery, OrganisationView, UpdateOrganisationDto } from './organisation.dto';
import { Organisation } from './organisation.entity';

/** Who is asking, as far as organisation management is concerned. */
export interface OrganisationManager {
  organisationId: string;
  isCoordinator: boolean;
  has(role: 'org_admin'): boolean;
}

const COORDINATOR_ONLY_FIELDS = ['active', 'kind'] as const;

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly reference: ReferenceDataService,
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

  async create(input: CreateOrganisationDto): Promise<OrganisationView> {
    await this.checkCodes(input);
    const organisation = this.organisations.create({ ...input, address: input.address ?? null });
    return this.organisations.manager.transaction(async (manager) => answerOnCommit(await manager.save(organisation)));
  }

  /** Coordinators patch any organisation; an org admin patches its own profile (not `active` or `kind`). */
  async update(manager: OrganisationManager, id: string, input: UpdateOrganisationDto): Promise<OrganisationView> {
    const organisation = await this.organisations.findOne({ where: { id } });
    if (!organisation) throw new NotFound('organisation');
    if (!manager.isCoordinator) {
      if (!(manager.has('org_admin') && manager.organisationId === id))
        throw new Forbidden("Only the coordinator or this organisation's admin may change its profile.");
      const restricted = COORDINATOR_ONLY_FIELDS.filter((field) => input[field] !== undefined);
      if (restricted.length) throw new Forbidden(`Only the network coordinator may change: ${restricted.join(', ')}.`);
    }
    await this.checkCodes(input);
    Object.assign(organisation, input);
    return this.organisations.save(organisation);
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
