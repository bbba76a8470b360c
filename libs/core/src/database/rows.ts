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
