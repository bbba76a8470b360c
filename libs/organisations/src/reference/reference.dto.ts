import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { Code, Optional, Text } from '@app/core';

/** ISO 639: the two-letter code where one exists, else the three-letter one; lower case; a region may follow ("sgn-de"). */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z]{2,8})?$/;

class SortOrder {
  @ApiPropertyOptional({ minimum: 0, maximum: 10000, description: 'Position in lists (lower first). Default: after the others.' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(10000)
  sortOrder?: number;
}

export class CreateDomainDto extends SortOrder {
  @Code({ description: 'The new code; it never changes once in use.', required: true })
  code!: string;

  @Text({ required: true, min: 1, max: 200, example: 'Wohnen' })
  nameDe!: string;

  @Text({ required: true, min: 1, max: 200, example: 'Housing' })
  nameEn!: string;
}

export class UpdateDomainDto extends PartialType(OmitType(CreateDomainDto, ['code'] as const), { skipNullProperties: false }) {}

export class CreateDistrictDto extends SortOrder {
  @Code({ description: 'The new code; it never changes once in use.', required: true })
  code!: string;

  @Text({ required: true, min: 1, max: 200, example: 'Mitte' })
  name!: string;

  @ApiProperty({ enum: ['district', 'locality'], description: 'A Stadtbezirk, or an Ortsteil of one (then parentCode names it).' })
  @IsIn(['district', 'locality'])
  kind!: 'district' | 'locality';

  @Code({ description: "A locality's district (required for a locality, not allowed for a district)." })
  parentCode?: string;
}

export class UpdateDistrictDto extends PartialType(OmitType(CreateDistrictDto, ['code', 'kind', 'parentCode'] as const), {
  skipNullProperties: false,
}) {}

export class CreateLanguageDto {
  @ApiProperty({
    example: 'ti',
    description: 'ISO 639 code: two letters where one exists, else three; lower case; a region may follow ("sgn-de"). It never changes.',
  })
  @Matches(LANGUAGE_CODE, { message: 'must be an ISO 639 code: two or three lower-case letters, a region may follow ("sgn-de")' })
  code!: string;

  @Text({ required: true, min: 1, max: 200, example: 'Tigrinya' })
  nameEn!: string;

  @Text({ required: true, min: 1, max: 200, example: 'Tigrinya' })
  nameDe!: string;

  @Text({ required: true, min: 1, max: 200, example: 'ትግርኛ' })
  nativeName!: string;
}

export class UpdateLanguageDto extends PartialType(OmitType(CreateLanguageDto, ['code'] as const), { skipNullProperties: false }) {}
