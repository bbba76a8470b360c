import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ValidationFailed } from '../errors/domain-error';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not one this API handed out' })
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `?cursor=` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** A keyset position: the sort key(s) of the last row of a page plus its id as tie-breaker. */
export type CursorPosition = (string | number | null)[];

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** What each position of a cursor holds; checked so that a forged cursor is a 400, not a failed query. */
export type CursorPart = 'text' | 'uuid' | 'number' | 'bigint' | 'timestamp';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const PART_CHECKS: Record<CursorPart, (value: unknown) => boolean> = {
  text: (value) => typeof value === 'string' && value.length <= 500,
  uuid: (value) => typeof value === 'string' && UUID.test(value),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  bigint: (value) => typeof value === 'string' && /^\d{1,18}$/.test(value),
  timestamp: (value) => typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)),
};

export function decodeCursor(cursor: string | undefined, parts: CursorPart[]): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(position) && position.length === parts.length && parts.every((part, i) => PART_CHECKS[part](position[i]))) {
      return position as CursorPosition;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationFailed('cursor is not one this API handed out', [{ field: 'cursor', message: 'is not a valid cursor' }]);
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells whether there is a next page.
 */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => CursorPosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

export function pageSize(query: PageQuery): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}
