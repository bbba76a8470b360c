import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const CODE = /^[a-z][a-z0-9_-]{1,39}$/;

/** A list of reference codes (languages, districts, domains); existence is checked by the service. */
export function CodeList(options: { description: string; required?: boolean; max?: number }) {
  const max = options.max ?? 50;
  return applyDecorators(
    (options.required ? ApiProperty : ApiPropertyOptional)({ type: [String], description: options.description, maxItems: max }),
    ...(options.required ? [] : [IsOptional()]),
    IsArray(),
    ArrayMaxSize(max),
    ArrayUnique(),
    Matches(CODE, { each: true, message: 'each entry must be a reference code such as "ar" or "housing"' }),
  );
}

/** A trimmed single-line or multi-line text with length bounds. */
export function Text(options: { description?: string; required?: boolean; min?: number; max: number; example?: string }) {
  return applyDecorators(
    (options.required ? ApiProperty : ApiPropertyOptional)({
      type: String,
      description: options.description,
      minLength: options.min,
      maxLength: options.max,
      example: options.example,
    }),
    ...(options.required ? [] : [IsOptional()]),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value)),
    IsString(),
    ...(options.min ? [MinLength(options.min)] : []),
    MaxLength(options.max),
  );
}

/** A single reference code. */
export function Code(options: { description: string; required?: boolean }) {
  return applyDecorators(
    (options.required ? ApiProperty : ApiPropertyOptional)({ type: String, description: options.description }),
    ...(options.required ? [] : [IsOptional()]),
    IsString(),
    Matches(CODE, { message: 'must be a reference code such as "ar" or "housing"' }),
  );
}
