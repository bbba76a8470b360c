import type { EntityMetadata } from 'typeorm';

/** A raw row (`RETURNING *`, snake_case columns) as entity-shaped properties (camelCase). */
export function camelCaseRow<T>(row: Record<string, unknown>): Partial<T> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]),
  ) as Partial<T>;
}

/** TypeORM's query() answers an UPDATE or DELETE on Postgres with [rows, count]; a SELECT with rows. */
export function returnedRows<T>(result: unknown): T[] {
  return Array.isArray(result) && Array.isArray(result[0]) && typeof result[1] === 'number' ? (result[0] as T[]) : (result as T[]);
}

/** How many rows an UPDATE or DELETE run through query() touched. */
export function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/** An entity as `propertyColumns` reads it: its timestamps are ISO 8601 text, as JSON has them. */
export type PlainRow<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

/**
 * Every column of an entity as a select list named like its properties (`alias.column AS "property"`),
 * so that a busy read can take plain rows shaped like the entity without TypeORM hydrating entities
 * (about a fifth of a list's CPU). A date column is read as its ISO text, as TypeORM reads it; a
 * timestamp as the UTC text `Date.toJSON` writes (milliseconds, truncated as a Date truncates them):
 * parsing fifty rows' timestamps into Dates and writing them out again took a third of a list's CPU.
 * Properties named in `except` are left out.
 */
export function propertyColumns(metadata: EntityMetadata, alias: string, except: readonly string[] = []): string {
  return metadata.columns
    .filter((column) => !except.includes(column.propertyName))
    .map((column) => {
      const name = `${alias}.${column.databaseName}`;
      const read =
        column.type === 'date'
          ? `to_char(${name}, 'YYYY-MM-DD')`
          : column.type === 'timestamptz'
            ? `to_char(${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
            : name;
      return `${read} AS "${column.propertyName}"`;
    })
    .join(', ');
}

/** A timestamp for an answer, whether from an entity (a Date) or from a plain row (already ISO text). */
export function isoTimestamp(value: Date | string): string;
export function isoTimestamp(value: Date | string | null): string | null;
export function isoTimestamp(value: Date | string | null): string | null {
  return value instanceof Date ? value.toISOString() : value;
}
