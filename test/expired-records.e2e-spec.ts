import { MaintenanceProcessor } from '../apps/worker/src/processors';
import { createCase, createNetwork, type TestNetwork } from './support/network';
import { bearer, TestApp } from './support/test-app';
import { TestClock } from './support/test-clock';
import { TestWorker } from './support/test-worker';

const API = '/api/v1';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The nightly retention job also deletes what has served its purpose: Idempotency-Keys past their
 * 24 hours (their stored answers hold free text) and sign-in sessions that have ended (with their
 * refresh tokens, one per refresh).
 */
describe('records past their purpose, deleted by the nightly retention job', () => {
  const clock = new TestClock();
  let t: TestApp;
  let worker: TestWorker;
  let network: TestNetwork;

  beforeAll(async () => {
    t = await TestApp.start({ AUTH_RATE_LIMIT_PER_MINUTE: '1000' }, { clock });
    worker = await TestWorker.start(clock);
    network = await createNetwork(t);
  });

  afterAll(async () => {
    await worker.stop();
    await t.stop();
  });

  const runRetentionJob = () => worker.context.get(MaintenanceProcessor).deleteWhatIsPastItsTime();
  const storedAnswersMentioning = async (text: string) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM idempotency_keys WHERE response::text LIKE $1`, [`%${text}%`]))[0].n);

  it('deletes Idempotency-Keys older than 24 hours, with the note text their answers hold; younger keys still replay', async () => {
    const user = network.users.counsellor;
    const { id } = await createCase(t, user);
    const note = (key: string, text: string) =>
      t.http.post(`${API}/cases/${id}/notes`).set(bearer(user)).set('Idempotency-Key', key).send({ text });
    const oldKey = `old-${Date.now()}`;
    const youngKey = `young-${Date.now()}`;

    expect((await note(oldKey, 'Termin beim Jobcenter vereinbart')).status).toBe(201);
    clock.advance(23 * HOUR_MS);
    expect((await note(youngKey, 'Unterlagen zur Anerkennung fehlen noch')).status).toBe(201);
    clock.advance(2 * HOUR_MS);
    expect(await storedAnswersMentioning('Termin beim Jobcenter')).toBe(1);

    expect(await runRetentionJob()).toEqual(expect.objectContaining({ idempotencyKeys: 1 }));

    expect(await storedAnswersMentioning('Termin beim Jobcenter')).toBe(0);
    const keys: { key: string }[] = await t.dataSource.query(`SELECT key FROM idempotency_keys WHERE user_id = $1`, [user.id]);
    expect(keys.map((row) => row.key)).toEqual([youngKey]);
    const replay = await note(youngKey, 'Unterlagen zur Anerkennung fehlen noch');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotency-replayed']).toBe('true');
    // A second run finds nothing more to delete.
    expect(await runRetentionJob()).toEqual(expect.objectContaining({ idempotencyKeys: 0 }));
  });

  it('deletes ended sessions (signed out, or past their 30 days) with their refresh tokens; live ones keep working', async () => {
    const { email } = network.users.lead;
    const refresh = (refreshToken: string) => t.http.post(`${API}/auth/refresh`).send({ refreshToken });
    const sessionOf = async (refreshToken: string) => {
      const rows: { session_id: string }[] = await t.dataSource.query(
        `SELECT session_id FROM refresh_tokens WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
        [refreshToken],
      );
      return rows[0]?.session_id;
    };
    const tokensOf = async (sessionId: string) =>
      Number((await t.dataSource.query(`SELECT count(*) AS n FROM refresh_tokens WHERE session_id = $1`, [sessionId]))[0].n);

    const outlived = await t.login(email);
    const outlivedSession = await sessionOf(outlived.refreshToken);
    clock.advance(31 * DAY_MS);
    const live = await t.login(email);
    // Two refreshes: the live session holds three tokens, two of them spent.
    let liveRefresh = live.refreshToken;
    for (let i = 0; i < 2; i++) liveRefresh = (await refresh(liveRefresh)).body.refreshToken;
    const liveSession = await sessionOf(liveRefresh);
    const signedOut = await t.login(email);
    const signedOutSession = await sessionOf(signedOut.refreshToken);
    expect((await t.http.post(`${API}/auth/logout`).set('Authorization', `Bearer ${signedOut.accessToken}`)).status).toBe(204);
    expect(await tokensOf(liveSession)).toBe(3);
    // More than one batch of them (500 a statement).
    const [{ id: userId }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [email]);
    await t.dataSource.query(
      `INSERT INTO sessions (user_id, expires_at, revoked_at, revoked_reason)
       SELECT $1, now() + interval '1 day', now(), 'logout' FROM generate_series(1, 1100)`,
      [userId],
    );
    const ended = Number(
      (await t.dataSource.query(`SELECT count(*) AS n FROM sessions WHERE revoked_at IS NOT NULL OR expires_at <= $1`, [clock.now()]))[0].n,
    );
    expect(ended).toBeGreaterThanOrEqual(1102);

    const result = await runRetentionJob();

    expect(result.sessions).toBe(ended);
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM sessions WHERE revoked_at IS NOT NULL`))[0].n)).toBe(0);
    const remaining: { id: string }[] = await t.dataSource.query(`SELECT id FROM sessions WHERE id = ANY($1::uuid[])`, [
      [outlivedSession, liveSession, signedOutSession],
    ]);
    expect(remaining.map((row) => row.id)).toEqual([liveSession]);
    expect(await tokensOf(outlivedSession)).toBe(0);
    expect(await tokensOf(signedOutSession)).toBe(0);
    // The live session's spent tokens stay: presenting one again still ends the session as reused.
    expect(await tokensOf(liveSession)).toBe(3);
    const next = await refresh(liveRefresh);
    expect(next.status).toBe(200);
    const reused = await refresh(live.refreshToken);
    expect({ status: reused.status, detail: reused.body.detail }).toEqual({
      status: 401,
      detail: expect.stringMatching(/whole session has been signed out/),
    });
    expect((await refresh(next.body.refreshToken)).status).toBe(401);
    expect((await refresh(outlived.refreshToken)).status).toBe(401);
    expect((await refresh(signedOut.refreshToken)).status).toBe(401);
  });
});
