import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '@app/audit';
import { answerOnCommit, decodeCursor, Forbidden, NotFound, pageSize, toPage, type Page, type PageQuery } from '@app/core';
import type { OrganisationManager } from '../organisations/organisations.service';
import { OrganisationsService, recordDirectoryChange } from '../organisations/organisations.service';
import { ReferenceDataService } from '../reference/reference-data.service';
import type { CounsellingServiceView, CreateCounsellingServiceDto, UpdateCounsellingServiceDto } from './counselling-service.dto';
import { CounsellingService } from './counselling-service.entity';

/** An organisation's services, managed by its admin or the coordinator. */
@Injectable()
export class CounsellingServicesService {
  constructor(
    @InjectRepository(CounsellingService) private readonly services: Repository<CounsellingService>,
    private readonly organisations: OrganisationsService,
    private readonly reference: ReferenceDataService,
    private readonly audit: AuditService,
  ) {}

  async list(manager: OrganisationManager, organisationId: string, query: PageQuery): Promise<Page<CounsellingServiceView>> {
    await this.assertMayManage(manager, organisationId);
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    const builder = this.services
      .createQueryBuilder('s')
      .where('s.organisation_id = :organisationId', { organisationId })
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1);
    if (after) builder.andWhere('(s.name, s.id) > (:name, :id)', { name: after[0], id: after[1] });
    return toPage(await builder.getMany(), limit, (s) => [s.name, s.id]);
  }

  async create(manager: OrganisationManager, organisationId: string, input: CreateCounsellingServiceDto): Promise<CounsellingServiceView> {
    await this.assertMayManage(manager, organisationId);
    await this.checkCodes(input);
    const service = this.services.create({ ...input, organisationId });
    return this.services.manager.transaction(async (transaction) => {
      const saved = await transaction.save(service);
      await recordDirectoryChange(this.audit, transaction, manager, {
        action: 'service.created',
        subject: 'service',
        subjectId: saved.id,
        organisationId,
        input,
      });
      return answerOnCommit(saved);
    });
  }

  async update(manager: OrganisationManager, id: string, input: UpdateCounsellingServiceDto): Promise<CounsellingServiceView> {
    const service = await this.services.findOne({ where: { id } });
    if (!service) throw new NotFound('service');
    await this.assertMayManage(manager, service.organisationId);
    await this.checkCodes(input);
    Object.assign(service, input);
    return this.services.manager.transaction(async (transaction) => {
      const saved = await transaction.save(service);
      await recordDirectoryChange(this.audit, transaction, manager, {
        action: 'service.updated',
        subject: 'service',
        subjectId: id,
        organisationId: service.organisationId,
        input,
      });
      return saved;
    });
  }

  /** Organisations are visible to every signed-in user, so a wrong role is a 403, not a 404. */
  private async assertMayManage(manager: OrganisationManager, organisationId: string): Promise<void> {
    await this.organisations.assertExists(organisationId);
    if (manager.isCoordinator) return;
    if (!(manager.has('org_admin') && manager.organisationId === organisationId)) {
      throw new Forbidden("Only this organisation's admin or the coordinator may manage its services.");
    }
  }

  private async checkCodes(input: UpdateCounsellingServiceDto): Promise<void> {
    if (input.domain) await this.reference.assertKnown('domains', 'domain', [input.domain]);
    await this.reference.assertKnown('languages', 'languages', input.languages);
    await this.reference.assertKnown('districts', 'districts', input.districts);
  }
}
