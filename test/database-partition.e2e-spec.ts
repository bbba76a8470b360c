/**
 * The database going silent (a network partition: connections stay open, nothing answers). The API
 * reaches Postgres through a proxy the test partitions; checks are made over a direct connection.
 * Requests must answer 503 problem+json within the query bound, leave no half-written change, and
 * the same API must serve again once the partition heals.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Response } from 'supertest';
import { findViolations } from '../drills/support/invariants';
import { eventually } from './support/eventually';
import { CONSENT, createCase, createNetwork, type TestNetwork } from './support/network';
import { PartitionProxy } from '../drills/support/partition-proxy';
import { bearer, TestApp, type TestUser } from './support/test-app';
import { cloneTemplate, dropDatabase, TEST_SERVER_URL } from './support/test-database';

const API = '/api/v1';
const QUERY_TIMEOUT_MS = 1500;
const CONNECT_TIMEOUT_MS = 1000;
/** The slowest a request may answer while the database is silent: a hung query, then a connection attempt. */
const BOUND_MS = QUERY_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1000;

describe('the database partitioned (silent) under requests', () => {
  let proxy: PartitionProxy;
  let t: TestApp;
  let network: TestNetwork;
  let direct: pg.Client;
  let databaseUrl: string;

  beforeAll(async () => {
    const server = new URL(TEST_SERVER_URL);
    proxy = await PartitionProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    databaseUrl = await cloneTemplate(`cc_test_partition_${randomBytes(5).toString('hex')}`);
    const viaProxy = new URL(databaseUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    t = await TestApp.start({
      DATABASE_URL: viaProxy.toString(),
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
    network = await createNetwork(t);
    direct = new pg.Client({ connectionString: databaseUrl });
    await direct.connect();
  });

  afterEach(() => proxy.heal());

  afterAll(async () => {
    proxy?.heal();
    await t?.stop();
    await direct?.end();
    await proxy?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  const timed = async (send: () => Promise<Response>) => {
    const started = Date.now();
    const response = await send();
    return { response, ms: Date.now() - started };
  };

  const expectUnavailable = (response: Response) => {
    expect({ status: response.status, type: response.body?.type }).toEqual({ status: 503, type: '/problems/dependency-unavailable' });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(response.body)).not.toMatch(/timeout|terminated|SELECT|INSERT|COMMIT/i);
  };

  const handOff = (user: TestUser, caseId: string, key: string) =>
    t.http
      .post(`${API}/cases/${caseId}/handoffs`)
      .set(bearer(user))
      .set('Idempotency-Key', key)
      .send({
        targetOrganisationId: network.orgA,
        kind: 'referral',
        domains: ['housing'],
        message: 'Bitte um Rückmeldung.',
        consent: CONSENT,
      });

  const handoffsOf = async (caseId: string) =>
    (await direct.query<{ id: string }>(`SELECT id FROM handoffs WHERE case_id = $1`, [caseId])).rows.map((row) => row.id);

  /** Sessions of this database still inside a transaction (a write the server has not rolled back yet). */
  const openTransactions = async () =>
    Number(
      (
        await direct.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
        )
      ).rows[0].n,
    );

  const recovered = () =>
    eventually(async () => {
      const response = await t.http.get(`${API}/cases?limit=1`).set(bearer(network.counsellorC));
      expect(response.status).toBe(200);
    }, 10_000);

  it('answers 503 problem+json within the bound when the connection it holds gets no answer, and recovers without restart', async () => {
    // Warm the pool: the requests below get connections that are open and idle, then go silent.
    for (let i = 0; i < 3; i++) expect((await t.http.get(`${API}/cases?limit=1`).set(bearer(network.counsellorC))).status).toBe(200);
    proxy.partition();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => timed(() => t.http.get(`${API}/cases?limit=1`).set(bearer(network.counsellorC)))),
    );
    for (const { response, ms } of answers) {
      expectUnavailable(response);
      expect(ms).toBeLessThan(BOUND_MS);
    }
    const ready = await t.http.get(`${API}/health/ready`);
    expect(ready.status).toBe(503);

    proxy.heal();
    await recovered();
    // Every connection that timed out was closed, none is reused with a stale query queued on it.
    const again = await Promise.all(Array.from({ length: 8 }, () => t.http.get(`${API}/cases?limit=1`).set(bearer(network.counsellorC))));
    expect(again.map((response) => response.status)).toEqual(Array(8).fill(200));
  });

  it('leaves no half-written hand-off when the partition swallows its COMMIT, and the retry creates it once', async () => {
    const sender = network.counsellorC;
    const created = await createCase(t, sender);
    const key = `partition-commit-${randomUUID()}`;
    const partitioned = proxy.partitionOn('to-server', 'COMMIT');
    const { response, ms } = await timed(() => handOff(sender, created.id, key));
    await partitioned;
    expectUnavailable(response);
    expect(ms).toBeLessThan(BOUND_MS);
    // The API gave the silent connection up (it is never used again) before the partition heals.
    await eventually(async () => expect(proxy.triggerConnectionClosed).toBe(true));

    proxy.heal();
    // The server sees the abandoned connection close and rolls its transaction back: nothing of it stays.
    await eventually(async () => expect(await openTransactions()).toBe(0), 10_000);
    expect(await handoffsOf(created.id)).toEqual([]);
    const [{ pending_handoffs }] = (await direct.query(`SELECT pending_handoffs FROM cases WHERE id = $1`, [created.id])).rows;
    expect(pending_handoffs).toBe(0);
    await recovered();

    // The key's clean-up could not reach the database either; the retry is told to wait, not refused for a day.
    const early = await handOff(sender, created.id, key);
    if (early.status === 409) {
      expect(early.body.type).toBe('/problems/idempotency-in-progress');
      expect(early.body.detail).toMatch(/still being processed.*Retry in \d+ s/);
      expect(Number(early.headers['retry-after'])).toBeGreaterThan(0);
      // The lease of the claim the failed request left behind runs out.
      await direct.query(`UPDATE idempotency_keys SET created_at = created_at - interval '31 seconds' WHERE key = $1`, [key]);
    }
    const retry = await handOff(sender, created.id, key);
    expect(retry.status).toBe(201);
    expect(await handoffsOf(created.id)).toEqual([retry.body.id]);
    const replay = await handOff(sender, created.id, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotency-replayed']).toBe('true');
    expect(replay.body.id).toBe(retry.body.id);
    expect([...(await findViolations(direct)).values()].flat()).toEqual([]);
  });

  it('keeps a write whose COMMIT reached the server when only the answer is lost, and replays that answer to the retry', async () => {
    const sender = network.counsellorC;
    const created = await createCase(t, sender);
    const key = `partition-answer-${randomUUID()}`;
    const partitioned = proxy.partitionOn('to-client', 'COMMIT');
    const { response, ms } = await timed(() => handOff(sender, created.id, key));
    await partitioned;
    expectUnavailable(response);
    expect(ms).toBeLessThan(BOUND_MS);

    proxy.heal();
    await eventually(async () => expect(await openTransactions()).toBe(0), 10_000);
    // Committed as a whole: the hand-off with its event, counter and reminders.
    expect(await handoffsOf(created.id)).toHaveLength(1);
    expect([...(await findViolations(direct)).values()].flat()).toEqual([]);
    await recovered();

    // The answer was stored with the hand-off in its transaction: the retry gets it replayed at
    // once, naming the hand-off that was made, and the case is not handed off a second time.
    const retry = await handOff(sender, created.id, key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect([retry.body.id]).toEqual(await handoffsOf(created.id));
  });

  it('replays a new case whose answer was lost to the retry, so the client learns its id and code', async () => {
    const user = network.counsellorC;
    const key = `partition-case-${randomUUID()}`;
    const create = () =>
      t.http
        .post(`${API}/cases`)
        .set(bearer(user))
        .set('Idempotency-Key', key)
        .send({ needs: ['housing'], languages: ['ar'], district: 'ost', ageBand: '27-44' });
    const casesOf = async () =>
      (await direct.query<{ id: string; code: string }>(`SELECT id, code FROM cases WHERE created_by_id = $1`, [user.id])).rows;
    const before = await casesOf();
    const partitioned = proxy.partitionOn('to-client', 'COMMIT');
    expectUnavailable((await timed(create)).response);
    await partitioned;

    proxy.heal();
    await eventually(async () => expect(await openTransactions()).toBe(0), 10_000);
    const made = (await casesOf()).filter((row) => !before.some((known) => known.id === row.id));
    expect(made).toHaveLength(1);
    await recovered();

    const retry = await create();
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotency-replayed']).toBe('true');
    expect(retry.body.id).toBe(made[0].id);
    expect(retry.body.code.replace(/-/g, '')).toBe(made[0].code);
    expect(await casesOf()).toHaveLength(before.length + 1);
  });
});
