import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { Code, CodeList, Text, Optional } from '@app/core';
import { CAPACITY_STATUSES, type CapacityStatus } from './counselling-service.entity';

export class CreateCounsellingServiceDto {
  @Text({ required: true, min: 2, max: 200, example: 'Asylverfahrensberatung' })
  name!: string;

  @Text({ max: 4000 })
  description?: string;

  @Code({ required: true, description: 'Counselling domain code (see /reference/domains).' })
  domain!: string;

  @CodeList({ description: 'ISO 639 codes of languages the service is offered in.' })
  languages?: string[];

  @CodeList({ description: 'District codes; empty means the whole city.' })
  districts?: string[];

  @Text({ max: 2000, description: 'Who can use the service.' })
  eligibility?: string;

  @ApiPropertyOptional({ enum: CAPACITY_STATUSES, default: 'open' })
  @Optional()
  @IsIn(CAPACITY_STATUSES)
  capacityStatus?: CapacityStatus;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateCounsellingServiceDto extends PartialType(CreateCounsellingServiceDto, { skipNullProperties: false }) {}

export class CounsellingServiceView extends OmitType(CreateCounsellingServiceDto, [
  'description',
  'languages',
  'districts',
  'eligibility',
  'capacityStatus',
  'active',
]) {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: [String] }) districts!: string[];
  @ApiProperty() eligibility!: string;
  @ApiProperty({ enum: CAPACITY_STATUSES }) capacityStatus!: CapacityStatus;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class CounsellingServicePage {
  @ApiProperty({ type: [CounsellingServiceView] }) items!: CounsellingServiceView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
