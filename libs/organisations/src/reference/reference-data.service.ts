import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, ValidationFailed } from '@app/core';
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

/** The controlled vocabularies, and the check that submitted codes belong to them. */
@Injectable()
export class ReferenceDataService {
  private snapshot?: Promise<ReferenceSnapshot>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
      const message = `contains unknown ${kind} code(s): ${unknown.join(', ')} (see /api/v1/reference/${kind})`;
      throw new ValidationFailed(`${field} ${message}`, [{ field, message }]);
    }
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
