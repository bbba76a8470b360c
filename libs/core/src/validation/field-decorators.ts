import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

/** A reference code (domains, districts): lower-case letters, digits, "_" or "-". */
export const REFERENCE_CODE = /^[a-z][a-z0-9_-]{1,39}$/;
const CODE_RULE = 'a reference code (lower-case letters, digits, "_" or "-"; the lists are under GET /reference/…)';

/**
 * The field may be left out. Unlike class-validator's IsOptional, `null` is only accepted where
 * the field can really be cleared (`nullable: true`); elsewhere it is validated and refused.
 */
export function Optional(options: { nullable?: boolean } = {}) {
  return options.nullable ? IsOptional() : ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** A list of reference codes (languages, districts, domains); existence is checked by the service. */
export function CodeList(options: { description: string; required?: boolean; nullable?: never; max?: number }) {
  const max = options.max ?? 50;
  return applyDecorators(
    (options.required ? ApiProperty : ApiPropertyOptional)({ type: [String], description: options.description, maxItems: max }),
    ...(options.required ? [ArrayMinSize(1)] : [Optional({ nullable: options.nullable })]),
    IsArray(),
    ArrayMaxSize(max),
    ArrayUnique(),
    Matches(REFERENCE_CODE, { each: true, message: `each entry must be ${CODE_RULE}` }),
  );
}

/** A trimmed single-line or multi-line text with length bounds. */
export function Text(options: {
  description?: string;
  required?: boolean;
  nullable?: boolean;
  min?: number;
  max: number;
  example?: string;
}) {
  return applyDecorators(
    (options.required ? ApiProperty : ApiPropertyOptional)({
      type: String,
      description: options.description,
      minLength: options.min,
      maxLength: options.max,
      example: options.example,
    }),
    ...(options.required ? [] : [Optional({ nullable: options.nullable })]),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    ...(options.min ? [MinLength(options.min)] : []),
    MaxLength(options.max),
  );
}

/** A single reference code. */
export function Code(options: { description: string; required?: boolean; nullable?: boolean }) {
  return applyDecorators(
    (options.required ? ApiProperty : ApiPropertyOptional)({ type: String, description: options.description }),
    ...(options.required ? [] : [Optional({ nullable: options.nullable })]),
    IsString(),
    Matches(REFERENCE_CODE, { message: `must be ${CODE_RULE}` }),
  );
}
