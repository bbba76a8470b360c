import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CodeList, Optional, PageQuery, Text } from '@app/core';
import { ORGANISATION_KINDS, type OrganisationKind } from './organisation.entity';

export class PostalAddressDto {
  @Text({ required: true, min: 2, max: 200, example: 'Martarthaus, Otto-Schill-Straße 2' })
  street!: string;

  @ApiProperty({ example: '04109' })
  @IsString()
  @Matches(/^\d{5}$/, { message: 'must be a five-digit German postal code' })
  postalCode!: string;

  @Text({ required: true, min: 2, max: 100, example: 'Leipzig' })
  city!: string;
}

export class CreateOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind!: OrganisationKind;

  @Text({ required: true, min: 2, max: 200 })
  name!: string;

  @Text({ max: 40, nullable: true })
  shortName?: string | null;

  @Text({ max: 4000 })
  description?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'email',
    description: 'Public contact e-mail of the office (not a person).',
  })
  @Optional({ nullable: true })
  @IsEmail()
  @MaxLength(200)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Public phone number of the office.' })
  @Optional({ nullable: true })
  @IsString()
  @Matches(/^\+?[0-9 ()/-]{5,30}$/, { message: 'must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @Optional({ nullable: true })
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(300)
  website?: string | null;

  @ApiPropertyOptional({ type: PostalAddressDto })
  @Optional({ nullable: true })
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address?: PostalAddressDto | null;

  @Text({ max: 500, example: 'Mo, Di, Do 9-12 Uhr; Di 14-18 Uhr' })
  openingHours?: string;

  @CodeList({ description: 'District codes served; empty means the whole city.' })
  districts?: string[];

  @CodeList({ description: 'ISO 639 codes of languages offered.' })
  languages?: string[];

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  acceptsReferrals?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 30, default: 3, description: 'Promised response time in Saxony working days.' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(30)
  responseSlaWorkingDays?: number;

  @ApiPropertyOptional({ default: true, description: 'Coordinator only: inactive organisations leave the directory.' })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto, { skipNullProperties: false }) {}

export class OrganisationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS })
  @Optional()
  @IsIn(ORGANISATION_KINDS)
  kind?: OrganisationKind;
}

export class OrganisationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind!: OrganisationKind;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) shortName!: string | null;
  @ApiProperty() description!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiProperty({ nullable: true, type: PostalAddressDto }) address!: PostalAddressDto | null;
  @ApiProperty() openingHours!: string;
  @ApiProperty({ type: [String] }) districts!: string[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() acceptsReferrals!: boolean;
  @ApiProperty() responseSlaWorkingDays!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class OrganisationPage {
  @ApiProperty({ type: [OrganisationView] }) items!: OrganisationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
