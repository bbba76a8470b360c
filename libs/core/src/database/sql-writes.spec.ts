import type { EntityManager } from 'typeorm';
import { runWrites } from './sql-writes';

describe('runWrites', () => {
  const manager = (answer: unknown) => {
    const calls: { sql: string; parameters: unknown[] }[] = [];
    const fake = { query: (sql: string, parameters: unknown[]) => (calls.push({ sql, parameters }), Promise.resolve(answer)) };
    return { calls, manager: fake as unknown as EntityManager };
  };

  it('runs a single write as it is and answers its rows', async () => {
    const { calls, manager: m } = manager([{ id: 1 }]);
    expect(await runWrites(m, [{ sql: 'INSERT INTO a (x) VALUES ($1) RETURNING id', parameters: ['x'] }])).toEqual([{ id: 1 }]);
    expect(calls).toEqual([{ sql: 'INSERT INTO a (x) VALUES ($1) RETURNING id', parameters: ['x'] }]);
  });

  it('puts the others before the first as CTEs, their parameters numbered after its own', async () => {
    const { calls, manager: m } = manager([[{ id: 2 }], 1]);
    const rows = await runWrites(m, [
      { sql: 'UPDATE a SET x = $2 WHERE id = $1 RETURNING id', parameters: [2, 'x'] },
      { sql: 'INSERT INTO b (y, z) VALUES ($1, $2)', parameters: ['y', 'z'] },
      { sql: 'INSERT INTO c (v) SELECT unnest($1::int[]) WHERE $1 IS NOT NULL', parameters: [[10, 11]] },
    ]);
    expect(rows).toEqual([{ id: 2 }]);
    expect(calls).toEqual([
      {
        sql:
          'WITH w0 AS (INSERT INTO b (y, z) VALUES ($3, $4)),\n' +
          'w1 AS (INSERT INTO c (v) SELECT unnest($5::int[]) WHERE $5 IS NOT NULL)\n' +
          'UPDATE a SET x = $2 WHERE id = $1 RETURNING id',
        parameters: [2, 'x', 'y', 'z', [10, 11]],
      },
    ]);
  });
});
