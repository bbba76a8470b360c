import type { DataSource } from 'typeorm';

/**
 * Deletes the rows of `table` that match `condition`, `batch` at a time, until none is left, so that
 * no statement holds many row locks or runs for long. `key` names the columns that identify a row.
 * Returns how many were deleted.
 */
export async function deleteInBatches(
  dataSource: DataSource,
  rows: { table: string; key: string; condition: string; parameters: unknown[]; batch: number },
): Promise<number> {
  const { table, key, condition, parameters, batch } = rows;
  let deleted = 0;
  for (;;) {
    const [{ count }]: { count: number }[] = await dataSource.query(
      `WITH gone AS (
         DELETE FROM ${table} WHERE (${key}) IN (SELECT ${key} FROM ${table} WHERE ${condition} LIMIT ${batch}) RETURNING 1)
       SELECT count(*)::int AS count FROM gone`,
      parameters,
    );
    deleted += count;
    if (count < batch) return deleted;
  }
}
