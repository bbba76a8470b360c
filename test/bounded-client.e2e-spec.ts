/**
 * BoundedClient against the real Postgres: a query without an answer in time fails and its connection
 * is given up; a session that switched its statement timeout off on purpose is not bounded; a text
 * marked as a prepared statement is parsed once per connection and then run by name.
 */
import pg from 'pg';
import { BoundedClient } from '../libs/core/src/database/bounded-client';
import { preparedStatement } from '../libs/core/src/database/prepared-statements';
import { TEST_SERVER_URL } from './support/test-database';

const QUERY_TIMEOUT_MS = 300;

describe('BoundedClient', () => {
  const clients: BoundedClient[] = [];
  const connect = async () => {
    const client = new BoundedClient({ connectionString: TEST_SERVER_URL, query_timeout: QUERY_TIMEOUT_MS });
    clients.push(client);
    await client.connect();
    return client;
  };
  const ended = (client: pg.Client) => new Promise<void>((resolve) => client.once('end', () => resolve()));

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  });

  it('fails a query without an answer in time and closes its connection, so it is never used again', async () => {
    const client = await connect();
    const closed = ended(client);
    const started = Date.now();
    await expect(client.query('SELECT pg_sleep(2)')).rejects.toThrow('Query read timeout');
    expect(Date.now() - started).toBeLessThan(QUERY_TIMEOUT_MS + 500);
    await closed;
    await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable/);
  });

  it('closes the connection for callback-style queries too', async () => {
    const client = await connect();
    const closed = ended(client);
    const error = await new Promise<Error | null>((resolve) => client.query('SELECT pg_sleep(2)', (err: Error | null) => resolve(err)));
    expect(error?.message).toBe('Query read timeout');
    await closed;
  });

  it('gives pg-pool a client it discards: the pool never hands the timed-out connection out again', async () => {
    const pool = new pg.Pool({ connectionString: TEST_SERVER_URL, query_timeout: QUERY_TIMEOUT_MS, max: 1, Client: BoundedClient });
    try {
      const first = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const held = await pool.connect();
      await expect(held.query('BEGIN; SELECT pg_sleep(2)')).rejects.toThrow('Query read timeout');
      held.release();
      const second = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      expect(second).not.toBe(first);
    } finally {
      await pool.end();
    }
  });

  it('leaves sessions without statement timeout unbounded until they reset it', async () => {
    const client = await connect();
    await client.query('SET statement_timeout = 0');
    await expect(client.query(`SELECT pg_sleep(${(QUERY_TIMEOUT_MS + 300) / 1000})`)).resolves.toBeDefined();
    await client.query('RESET statement_timeout');
    await expect(client.query('SELECT pg_sleep(2)')).rejects.toThrow('Query read timeout');
  });

  it('leaves a transaction with SET LOCAL statement_timeout = 0 unbounded until it ends', async () => {
    const client = await connect();
    await client.query('BEGIN');
    await client.query('SET LOCAL statement_timeout = 0');
    await expect(client.query(`SELECT pg_sleep(${(QUERY_TIMEOUT_MS + 300) / 1000})`)).resolves.toBeDefined();
    await client.query('COMMIT');
    await expect(client.query('SELECT pg_sleep(2)')).rejects.toThrow('Query read timeout');
  });

  describe('prepared statements', () => {
    const preparedTexts = async (client: pg.Client) =>
      (
        await client.query<{ statement: string; runs: number }>(
          'SELECT statement, generic_plans + custom_plans AS runs FROM pg_prepared_statements ORDER BY statement',
        )
      ).rows.map((row) => ({ statement: row.statement, runs: Number(row.runs) }));

    it('parses a marked text once per connection and runs it by name, with each call its own values', async () => {
      const client = await connect();
      const marked = preparedStatement('SELECT $1::int * 2 AS doubled /* marked */');
      const double = async (on: pg.Client, value: number) => (await on.query<{ doubled: number }>(marked, [value])).rows[0].doubled;
      const results = [];
      for (const value of [1, 2, 3]) results.push(await double(client, value));
      expect(results).toEqual([2, 4, 6]);
      await client.query('SELECT $1::int * 3 AS tripled /* not marked */', [1]);
      expect(await preparedTexts(client)).toEqual([{ statement: marked, runs: 3 }]);
      // Another connection prepares it for itself.
      const other = await connect();
      expect(await double(other, 5)).toBe(10);
      expect(await preparedTexts(other)).toEqual([{ statement: marked, runs: 1 }]);
    });

    it('takes callback-style calls and keeps a session without statement timeout unbounded', async () => {
      const client = await connect();
      const sleep = preparedStatement('SELECT pg_sleep($1::float8) /* marked sleep */');
      const error = await new Promise<Error | null>((resolve) => client.query(sleep, [0], (err: Error | null) => resolve(err)));
      expect(error).toBeNull();
      await client.query('SET statement_timeout = 0');
      await expect(client.query(sleep, [(QUERY_TIMEOUT_MS + 300) / 1000])).resolves.toBeDefined();
      await client.query('RESET statement_timeout');
      await expect(client.query(sleep, [2])).rejects.toThrow('Query read timeout');
    });
  });
});
