import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { decodeCursor, pageSize, toPage, type Page } from '@app/core';
import { ReferenceDataService } from '../reference/reference-data.service';
import { CounsellingService } from '../services/counselling-service.entity';
import type { DirectoryEntry, DirectoryQuery } from './directory.dto';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The public service directory a first point of contact searches to choose where to send someone. */
@Injectable()
export class DirectoryService {
  constructor(
    @InjectRepository(CounsellingService) private readonly services: Repository<CounsellingService>,
    private readonly reference: ReferenceDataService,
  ) {}

  async search(query: DirectoryQuery): Promise<Page<DirectoryEntry>> {
    if (query.domain) await this.reference.assertKnown('domains', 'domain', [query.domain]);
    if (query.language) await this.reference.assertKnown('languages', 'language', [query.language]);
    if (query.district) await this.reference.assertKnown('districts', 'district', [query.district]);
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['text', 'text', 'uuid']);
    const builder = this.services
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.organisation', 'o')
      .where('s.active AND o.active')
      .orderBy('o.name', 'ASC')
      .addOrderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit + 1);
    if (query.domain) builder.andWhere('s.domain = :domain', { domain: query.domain });
    if (query.language) builder.andWhere(':language = ANY(s.languages)', { language: query.language });
    if (query.district) builder.andWhere("(s.districts = '{}' OR :district = ANY(s.districts))", { district: query.district });
    if (query.q) {
      builder.andWhere('(s.name ILIKE :q OR s.description ILIKE :q OR o.name ILIKE :q OR o.short_name ILIKE :q)', {
        q: `%${escapeLike(query.q)}%`,
      });
    }
    if (after)
      builder.andWhere('(o.name, s.name, s.id) > (:orgName, :serviceName, :id)', {
        orgName: after[0],
        serviceName: after[1],
        id: after[2],
      });
    const rows = await builder.getMany();
    return toPage(rows.map(toEntry), limit, (entry) => [entry.organisation.name, entry.name, entry.id]);
  }
}

function toEntry(service: CounsellingService): DirectoryEntry {
  const o = service.organisation!;
  return {
    id: service.id,
    name: service.name,
    description: service.description,
    domain: service.domain,
    languages: service.languages,
    districts: service.districts,
    eligibility: service.eligibility,
    capacityStatus: service.capacityStatus,
    organisation: {
      id: o.id,
      kind: o.kind,
      name: o.name,
      shortName: o.shortName,
      email: o.email,
      phone: o.phone,
      website: o.website,
      address: o.address,
      openingHours: o.openingHours,
      acceptsReferrals: o.acceptsReferrals,
    },
  };
}
