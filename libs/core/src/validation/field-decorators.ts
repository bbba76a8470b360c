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
  isISO8601,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

import { berlinInstant } from '../calendar/saxony-working-days';

/** A date-time with its time zone (RFC 3339): ISO 8601's other forms (week dates, no zone) would be guesses. */
export const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WINDOW_BOUND = new RegExp(`${DATE_ONLY.source}|${DATE_TIME_WITH_ZONE.source}`, 'i');

/**
 * An optional bound of a time window in a query: a date (YYYY-MM-DD, meaning 00:00 Europe/Berlin) or a
 * date-time with its time zone. Read it with `windowInstant`.
 */
export function WindowBound(description: string) {
  return applyDecorators(
    ApiPropertyOptional({ format: 'date-time', description: `${description} A date (YYYY-MM-DD) means 00:00 Europe/Berlin.` }),
    Optional(),
    // One check, so that a malformed bound gets one message (the shape) and an impossible date (2026-13-01) the same one.
    ValidateBy({
      name: 'isWindowBound',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && WINDOW_BOUND.test(value) && isISO8601(value, { strict: true }),
        defaultMessage: () => 'must be a date (YYYY-MM-DD) or a date-time with its time zone, e.g. 2026-10-01T00:00:00+02:00',
      },
    }),
  );
}

/** The instant a WindowBound names. */
export function windowInstant(value: string): Date {
  return DATE_ONLY.test(value) ? berlinInstant(value, 0) : new Date(value);
}

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
