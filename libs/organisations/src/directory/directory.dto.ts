import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Code, PageQuery, Optional } from '@app/core';
import { OrganisationView } from '../organisations/organisation.dto';
import { CounsellingServiceView } from '../services/counselling-service.dto';

export class DirectoryQuery extends PageQuery {
  @Code({ description: 'Counselling domain code.' })
  domain?: string;

  @Code({ description: 'ISO 639 language code.' })
  language?: string;

  @Code({ description: 'District code; services for the whole city always match.' })
  district?: string;

  @ApiPropertyOptional({ description: 'Words in the service or organisation name or description.' })
  @Optional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q?: string;
}

export class DirectoryOrganisation extends PickType(OrganisationView, [
  'id',
  'kind',
  'name',
  'shortName',
  'email',
  'phone',
  'website',
  'address',
  'openingHours',
  'acceptsReferrals',
] as const) {}

export class DirectoryEntry extends PickType(CounsellingServiceView, [
  'id',
  'name',
  'description',
  'domain',
  'languages',
  'districts',
  'eligibility',
  'capacityStatus',
] as const) {
  @ApiProperty({ type: DirectoryOrganisation }) organisation!: DirectoryOrganisation;
}

export class DirectoryPage {
  @ApiProperty({ type: [DirectoryEntry] }) items!: DirectoryEntry[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
