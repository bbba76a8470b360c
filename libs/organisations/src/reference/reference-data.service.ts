import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { AuditService } from '@app/audit';
import { answerOnCommit, Clock, Conflict, NotFound, REFERENCE_CODE, ValidationFailed } from '@app/core';
import {
  LANGUAGE_CODE,
  type CreateDistrictDto,
  type CreateDomainDto,
  type CreateLanguageDto,
  type UpdateDistrictDto,
  type UpdateDomainDto,
  type UpdateLanguageDto,
} from './reference.dto';
import { CounsellingDomain, District, Language } from './reference.entities';

export type ReferenceKind = 'domains' | 'districts' | 'languages';

interface ReferenceSnapshot {
  domains: CounsellingDomain[];
  districts: District[];
  languages: Language[];
  codes: Record<ReferenceKind, ReadonlySet<string>>;
  loadedAt: number;
}

/** How long a process trusts its copy of the (rarely changing) reference data. */
const CACHE_MS = 60_000;

/** Who changes a vocabulary: the network coordinator (the controller checks the role). */
export interface ReferenceEditor {
  userId: string;
  organisationId: string;
}

/** Each vocabulary: its table, the shape of its codes and the name of one entry. */
const VOCABULARIES = {
  domains: { entity: CounsellingDomain, code: REFERENCE_CODE, one: 'domain' },
  districts: { entity: District, code: REFERENCE_CODE, one: 'district' },
  languages: { entity: Language, code: LANGUAGE_CODE, one: 'language' },
} as const;

export type ReferenceInput = {
  domains: { create: CreateDomainDto; update: UpdateDomainDto };
  districts: { create: CreateDistrictDto; update: UpdateDistrictDto };
  languages: { create: CreateLanguageDto; update: UpdateLanguageDto };
};
type ReferenceEntries = { domains: CounsellingDomain; districts: District; languages: Language };
type ReferenceEntry = ReferenceEntries[ReferenceKind];

/** The controlled vocabularies, and the check that submitted codes belong to them. */
@Injectable()
export class ReferenceDataService {
  private snapshot?: Promise<ReferenceSnapshot>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async domains(): Promise<CounsellingDomain[]> {
    return (await this.load()).domains;
  }

  async districts(): Promise<District[]> {
    return (await this.load()).districts;
  }

  async languages(): Promise<Language[]> {
    return (await this.load()).languages;
  }

  /** Throws a 400 naming the field and the unknown codes. */
  async assertKnown(kind: ReferenceKind, field: string, codes: readonly string[] | undefined): Promise<void> {
    if (!codes?.length) return;
    const known = (await this.load()).codes[kind];
    const unknown = codes.filter((code) => !known.has(code));
    if (unknown.length) {
      const message = `${unknown.length === 1 ? 'has a code' : 'has codes'} not in /api/v1/reference/${kind}: ${unknown.join(', ')}`;
      throw new ValidationFailed(`${field} ${message}`, [{ field, message }]);
    }
  }

  /**
   * Adds a code to a vocabulary (coordinator). Codes never change or go away once added: cases,
   * services and hand-offs keep them. Other API processes see it within CACHE_MS.
   */
  async create<K extends ReferenceKind>(
    editor: ReferenceEditor,
    kind: K,
    input: ReferenceInput[K]['create'],
  ): Promise<ReferenceEntries[K]> {
    const vocabulary = VOCABULARIES[kind];
    if (kind === 'districts') await this.assertDistrictPlace(input as CreateDistrictDto);
    const saved = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository<ReferenceEntry>(vocabulary.entity);
      if (await repository.exists({ where: { code: input.code } })) {
        throw new Conflict(`The ${vocabulary.one} code ${input.code} already exists; change its names with PATCH.`, 'duplicate-code');
      }
      const sortOrder =
        kind === 'languages' || (input as { sortOrder?: number }).sortOrder !== undefined
          ? {}
          : { sortOrder: await nextSortOrder(repository) };
      // A plain INSERT: of two concurrent creates of one code, the second fails (409) instead of overwriting.
      const entry = repository.create({ ...input, ...sortOrder });
      await repository.insert(entry);
      await this.record(manager, editor, 'reference.created', kind, input.code, input);
      return answerOnCommit(entry);
    });
    this.snapshot = undefined;
    return saved as ReferenceEntries[K];
  }

  /** Changes the names or the position of a code (coordinator); the code itself stays. */
  async update<K extends ReferenceKind>(
    editor: ReferenceEditor,
    kind: K,
    code: string,
    input: ReferenceInput[K]['update'],
  ): Promise<ReferenceEntries[K]> {
    const vocabulary = VOCABULARIES[kind];
    if (!vocabulary.code.test(code)) {
      throw new ValidationFailed(`code is not a ${vocabulary.one} code`, [{ field: 'code', message: `is not a ${vocabulary.one} code` }]);
    }
    const saved = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository<ReferenceEntry>(vocabulary.entity);
      const entry = await repository.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!entry) throw new NotFound(vocabulary.one);
      const changed = await repository.save(repository.merge(entry, input));
      await this.record(manager, editor, 'reference.updated', kind, code, input);
      return changed;
    });
    this.snapshot = undefined;
    return saved as ReferenceEntries[K];
  }

  /** A Stadtbezirk stands alone; an Ortsteil names its Stadtbezirk. */
  private async assertDistrictPlace(input: CreateDistrictDto): Promise<void> {
    if (input.kind === 'district' && input.parentCode !== undefined) {
      throw new ValidationFailed('parentCode is only for a locality', [{ field: 'parentCode', message: 'is only for a locality' }]);
    }
    if (input.kind === 'locality') {
      const parent = input.parentCode ? await this.dataSource.getRepository(District).findOne({ where: { code: input.parentCode } }) : null;
      if (parent?.kind !== 'district') {
        throw new ValidationFailed('parentCode must name the district (Stadtbezirk) of the locality', [
          { field: 'parentCode', message: 'must name the district (Stadtbezirk) of the locality (see /api/v1/reference/districts)' },
        ]);
      }
    }
  }

  private record(manager: EntityManager, editor: ReferenceEditor, action: string, kind: ReferenceKind, code: string, input: object) {
    return this.audit.record(manager, {
      action,
      actor: editor,
      organisationIds: [editor.organisationId],
      subjectType: 'reference',
      details: { kind, code, fields: Object.keys(input).filter((field) => field !== 'code') },
    });
  }

  private load(): Promise<ReferenceSnapshot> {
    const now = this.clock.now().getTime();
    if (!this.snapshot) {
      this.snapshot = this.read(now);
      this.snapshot.catch(() => (this.snapshot = undefined));
      return this.snapshot;
    }
    return this.snapshot.then((current) => {
      if (now - current.loadedAt < CACHE_MS) return current;
      this.snapshot = undefined;
      return this.load();
    });
  }

  private async read(loadedAt: number): Promise<ReferenceSnapshot> {
    const [domains, districts, languages] = await Promise.all([
      this.dataSource.getRepository(CounsellingDomain).find({ where: { active: true }, order: { sortOrder: 'ASC' } }),
      this.dataSource.getRepository(District).find({ order: { sortOrder: 'ASC', code: 'ASC' } }),
      this.dataSource.getRepository(Language).find({ order: { nameEn: 'ASC' } }),
    ]);
    return {
      domains,
      districts,
      languages,
      codes: {
        domains: new Set(domains.map((d) => d.code)),
        districts: new Set(districts.map((d) => d.code)),
        languages: new Set(languages.map((l) => l.code)),
      },
      loadedAt,
    };
  }
}

/** After the last entry of the vocabulary. */
async function nextSortOrder(repository: Repository<ReferenceEntry>): Promise<number> {
  const [{ next }] = await repository.query(`SELECT coalesce(max(sort_order), 0) + 10 AS next FROM ${repository.metadata.tableName}`);
  return Number(next);
}
