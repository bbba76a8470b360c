import pg from 'pg';
import { databaseUrl } from './paths';

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** A client of the server's maintenance database (`postgres`). */
async function maintenance(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres'), connectionTimeoutMillis: 5000 });
  await client.connect();
  return client;
}

/** Drops the drill's own database (if present) and creates it empty; the CLI's `migrate` fills in the schema. */
export async function recreateDatabase(name: string): Promise<void> {
  if (!NAME.test(name)) throw new Error(`refusing database name "${name}"`);
  if (!/^cc_(burst|drill)/.test(name)) throw new Error(`the drills only drop their own databases (cc_burst*, cc_drill*), not "${name}"`);
  const client = await maintenance();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export interface OtherSession {
  pid: number;
  database: string;
  application: string;
  state: string;
  client: string;
}

/** Client sessions on this Postgres server outside the given databases (someone else's tests or benchmark). */
export async function otherSessions(ownDatabases: string[]): Promise<OtherSession[]> {
  const client = await maintenance();
  try {
    const { rows } = await client.query<OtherSession>(
      `SELECT pid, coalesce(datname, '') AS database, coalesce(application_name, '') AS application, coalesce(state, '') AS state,
              coalesce(client_addr::text, 'socket') AS client
         FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND NOT (datname = ANY($1::text[]))
        ORDER BY datname, pid`,
      [ownDatabases],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** A client of one database that fails fast when the server is down. */
export async function connectTo(name: string, statementTimeoutMs = 120_000): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: databaseUrl(name),
    connectionTimeoutMillis: 3000,
    statement_timeout: statementTimeoutMs,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Runs `work` with a fresh client, closing it afterwards. */
export async function withClient<T>(name: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectTo(name);
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
