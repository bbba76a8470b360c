import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A counselling domain (Beratungs- und Hilfegebiet) of the coordinator's controlled vocabulary. */
@Entity({ name: 'counselling_domains' })
export class CounsellingDomain {
  @ApiProperty()
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @ApiProperty()
  @Column({ type: 'text' })
  nameDe!: string;

  @ApiProperty()
  @Column({ type: 'text' })
  nameEn!: string;

  @ApiProperty()
  @Column({ type: 'int' })
  sortOrder!: number;

  @ApiProperty()
  @Column({ type: 'boolean', default: true })
  active!: boolean;
}

/** A Leipzig Stadtbezirk (kind `district`) or Ortsteil (kind `locality`, with its district as parent). */
@Entity({ name: 'districts' })
export class District {
  @ApiProperty()
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @ApiProperty()
  @Column({ type: 'text' })
  name!: string;

  @ApiProperty()
  @Column({ type: 'text' })
  kind!: 'district' | 'locality';

  @ApiProperty({ type: String, nullable: true })
  @Column({ type: 'text', nullable: true })
  parentCode!: string | null;

  @ApiProperty()
  @Column({ type: 'int' })
  sortOrder!: number;
}

/** A language by its ISO 639 code (639-1 where one exists, else 639-3). */
@Entity({ name: 'languages' })
export class Language {
  @ApiProperty()
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @ApiProperty()
  @Column({ type: 'text' })
  nameEn!: string;

  @ApiProperty()
  @Column({ type: 'text' })
  nameDe!: string;

  @ApiProperty()
  @Column({ type: 'text' })
  nativeName!: string;
}
