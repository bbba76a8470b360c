import type { EntityManager } from 'typeorm';
import { returnedRows } from './rows';

/**
 * One INSERT or UPDATE as SQL text and its parameters ($1, $2, …), built by the module that owns the
 * table, so that the caller can run it alone or together with others (runWrites).
 */
export interface SqlWrite {
  sql: string;
  parameters: unknown[];
}

/**
 * Runs writes as one statement: the first as the statement itself (its RETURNING rows are the
 * answer), the others as data-modifying CTEs before it, their parameters renumbered (`$n` in their
 * SQL must be parameters only). A change and the rows it writes alongside (timeline, notifications,
 * reminders) then cost one round trip instead of one each. Postgres runs every CTE to completion, in
 * no order it promises, and all of them see the tables as they were before the statement: the writes
 * must not depend on each other's rows.
 */
export async function runWrites<Row = Record<string, unknown>>(manager: EntityManager, writes: SqlWrite[]): Promise<Row[]> {
  const [main, ...others] = writes;
  const parameters = [...main.parameters];
  const ctes = others.map((write, index) => {
    const offset = parameters.length;
    parameters.push(...write.parameters);
    return `w${index} AS (${write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  const sql = ctes.length ? `WITH ${ctes.join(',\n')}\n${main.sql}` : main.sql;
  return returnedRows<Row>(await manager.query(sql, parameters));
}
