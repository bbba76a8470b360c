import type { DataSource, EntityManager } from 'typeorm';

/** A node of Postgres' EXPLAIN (FORMAT JSON) plan, with the fields the tests look at. */
export interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Scan Direction'?: 'Forward' | 'Backward' | 'NoMovement';
  Plans?: PlanNode[];
}

/** The plan Postgres chooses for `sql` (not run). */
export async function explain(queryable: DataSource | EntityManager, sql: string, parameters: unknown[] = []): Promise<PlanNode> {
  const [
    {
      'QUERY PLAN': [explained],
    },
  ] = await queryable.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
  return explained.Plan as PlanNode;
}

/** A node and every node below it, depth first. */
export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];
