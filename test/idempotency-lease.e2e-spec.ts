/**
 * An Idempotency-Key claimed by a request that never answered (the process died, or the database
 * was unreachable for the clean-up) must not stay stuck: within the claim's lease a retry is told to
 * wait, after it the retry is carried out once. A claim whose request committed is never taken over.
 * Every creating route stores its answer with its change, and a retry gets exactly that answer again.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { idempotencyFingerprint, idempotencyFingerprintKey } from '@app/core';
import { bearer, TestApp, type TestUser } from './support/test-app';

const API = '/api/v1';
const BODY = { needs: ['housing'], languages: ['uk'], district: 'west' };

describe('Idempotency-Key claims left behind', () => {
  let t: TestApp;
  let orgId: string;

  beforeAll(async () => {
    t = await TestApp.start({
      // E-mail is configured (invitations and password links need it); no worker runs here to send any.
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    orgId = await t.createOrganisation();
  });

  afterAll(async () => {
    await t?.stop();
  });

  const post = (user: TestUser, key: string, body: Record<string, unknown> = BODY) =>
    t.http.post(`${API}/cases`).set(bearer(user)).set('Idempotency-Key', key).send(body);

  /** The claim a request makes before its handler runs, as a crashed request leaves it. */
  const leaveClaim = async (user: TestUser, key: string, options: { ageSeconds: number; committed?: boolean }) => {
    const fingerprint = idempotencyFingerprint(idempotencyFingerprintKey(t.environment.JWT_SECRET), 'POST', `${API}/cases`, BODY);
    await t.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, response, created_at)
       VALUES ($1, $2, $3, $4, now() - make_interval(secs => $5))`,
      [user.id, key, fingerprint, options.committed ? JSON.stringify({ committed: true }) : null, options.ageSeconds],
    );
  };

  const casesCreatedBy = async (user: TestUser) =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM cases WHERE created_by_id = $1`, [user.id]))[0].n);

  const expectConflict = (response: Response, type: string) => {
    expect({ status: response.status, type: response.body?.type }).toEqual({ status: 409, type });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  };

  it('tells a retry within the lease to wait, with Retry-After, and carries it out once after the lease', async () => {
    const user = await t.createUser(orgId, ['counsellor']);
    const key = `crashed-${randomUUID()}`;
    await leaveClaim(user, key, { ageSeconds: 5 });

    const early = await post(user, key);
    expectConflict(early, '/problems/idempotency-in-progress');
    expect(early.body.detail).toMatch(/still being processed\. Retry in \d+ s/);
    const retryAfter = Number(early.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(20);
    expect(retryAfter).toBeLessThanOrEqual(25);
    expect(await casesCreatedBy(user)).toBe(0);

    // The lease runs out (30 s after the claim).
    await t.dataSource.query(`UPDATE idempotency_keys SET created_at = created_at - interval '26 seconds' WHERE key = $1`, [key]);
    const [afterLease, alsoAfterLease] = await Promise.all([post(user, key), post(user, key)]);
    const statuses = [afterLease.status, alsoAfterLease.status].sort();
    expect(statuses[0]).toBe(201);
    // Two retries racing for the abandoned claim: one takes it over, the other waits or gets its answer.
    if (statuses[1] !== 201) expectConflict(afterLease.status === 201 ? alsoAfterLease : afterLease, '/problems/idempotency-in-progress');
    expect(await casesCreatedBy(user)).toBe(1);

    const replay = await post(user, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotency-replayed']).toBe('true');
    expect(await casesCreatedBy(user)).toBe(1);
  });

  it('does not let another request take over an abandoned claim of its key', async () => {
    const user = await t.createUser(orgId, ['counsellor']);
    const key = `crashed-other-${randomUUID()}`;
    await leaveClaim(user, key, { ageSeconds: 60 });
    const other = await post(user, key, { ...BODY, urgency: 'urgent' });
    expect({ status: other.status, type: other.body.type }).toEqual({ status: 422, type: '/problems/idempotency-key-reused' });
    expect(await casesCreatedBy(user)).toBe(0);
  });

  it('never carries out again a request whose changes were committed but whose answer was lost', async () => {
    const user = await t.createUser(orgId, ['counsellor']);
    const key = `answer-lost-${randomUUID()}`;
    await leaveClaim(user, key, { ageSeconds: 60, committed: true });
    const retry = await post(user, key);
    expectConflict(retry, '/problems/idempotency-answer-lost');
    expect(retry.body.detail).toMatch(/carried out, but its answer was lost/);
    expect(await casesCreatedBy(user)).toBe(0);
  });

  it('releases the key at once when the request fails before committing anything', async () => {
    const user = await t.createUser(orgId, ['counsellor']);
    const key = `failed-${randomUUID()}`;
    const refused = await t.http
      .post(`${API}/cases`)
      .set(bearer(user))
      .set('Idempotency-Key', key)
      .send({ ...BODY, needs: ['astrology'] });
    expect(refused.status).toBe(400);
    expect(await t.dataSource.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [key])).toEqual([]);
  });

  it('keeps no plain hash of a body that holds a password: the fingerprint is keyed with the server secret', async () => {
    const admin = await t.createUser(orgId, ['org_admin']);
    const password = `geheimes startpasswort ${randomUUID().slice(0, 8)}`;
    const body = { email: `neu.${randomUUID().slice(0, 8)}@test.example`, displayName: 'N. Neu', roles: ['counsellor'], password };
    const key = randomUUID();
    const res = await t.http.post(`${API}/users`).set(bearer(admin)).set('Idempotency-Key', key).send(body);
    expect(res.status).toBe(201);
    const [row] = await t.dataSource.query(
      'SELECT fingerprint, response::text AS response FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [admin.id, key],
    );
    // What it was before: SHA-256 of method, path and the body with its keys sorted.
    const plain = (payload: object) =>
      createHash('sha256')
        .update(`POST ${API}/users ${JSON.stringify(Object.fromEntries(Object.entries(payload).sort(([a], [b]) => (a < b ? -1 : 1))))}`)
        .digest();
    expect(Buffer.compare(row.fingerprint, plain(body))).not.toBe(0);
    expect(row.fingerprint).toEqual(
      idempotencyFingerprint(idempotencyFingerprintKey(t.environment.JWT_SECRET), 'POST', `${API}/users`, body),
    );
    expect(row.response).not.toContain(password);
    // The same request again is still recognised and replayed.
    const again = await t.http.post(`${API}/users`).set(bearer(admin)).set('Idempotency-Key', key).send(body);
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: res.body.id });
  });

  it('stores the answer of every creating route with its change, and replays it byte for byte, creating one resource', async () => {
    const coordinator = await t.createUser(orgId, ['coordinator', 'org_admin', 'counsellor']);
    const covered = new Set<string>();
    const rows = async (table: string) => Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    /** Sends the request twice with one key; `table` is where the one resource it creates is stored. */
    const sendTwice = async (path: string, body: Record<string, unknown>, table: string) => {
      covered.add(`post ${API}${path.replace(/\/[0-9a-f-]{36}\//, '/{id}/')}`);
      const before = await rows(table);
      const key = `replay-${randomUUID()}`;
      const send = () => t.http.post(`${API}${path}`).set(bearer(coordinator)).set('Idempotency-Key', key).send(body);
      const first = await send();
      expect(first.status).toBe(201);
      const [stored] = await t.dataSource.query(`SELECT status_code, response FROM idempotency_keys WHERE key = $1`, [key]);
      expect(stored).toEqual({ status_code: 201, response: first.body });
      const again = await send();
      expect({ status: again.status, replayed: again.headers['idempotency-replayed'], text: again.text }).toEqual({
        status: 201,
        replayed: 'true',
        text: first.text,
      });
      expect({ path, created: (await rows(table)) - before }).toEqual({ path, created: 1 });
      return first.body as { id: string };
    };
    const organisation = await sendTwice('/organisations', { kind: 'ngo', name: `Replay e.V. ${randomUUID()}` }, 'organisations');
    await sendTwice(`/organisations/${organisation.id}/services`, { name: 'Wohnungssuche', domain: 'housing' }, 'services');
    const invited = await sendTwice(
      '/users',
      {
        organisationId: organisation.id,
        email: `replay.${randomUUID()}@test.example`,
        displayName: 'Replay Admin',
        roles: ['org_admin'],
      },
      'users',
    );
    // The replay sends no second invitation.
    expect(await t.dataSource.query(`SELECT kind FROM notifications WHERE recipient_id = $1`, [invited.id])).toEqual([
      { kind: 'account_invitation' },
    ]);
    const created = await sendTwice('/cases', BODY, 'cases');
    await sendTwice(`/cases/${created.id}/notes`, { text: 'Erstgespräch geführt.' }, `case_events WHERE kind = 'note'`);
    // Somebody there who can answer it.
    await t.createUser(organisation.id, ['counsellor']);
    await sendTwice(
      `/cases/${created.id}/handoffs`,
      {
        targetOrganisationId: organisation.id,
        kind: 'referral',
        domains: ['housing'],
        message: 'Bitte um Rückmeldung.',
        consent: { given: true, givenAt: '2026-11-20T10:00:00Z', method: 'verbal', scope: 'this_handoff' },
      },
      'handoffs',
    );
    await sendTwice(
      '/reference/domains',
      {
        code: `replay_${randomUUID().slice(0, 8)}`,
        nameDe: 'Digitale Teilhabe',
        nameEn: 'Digital access',
      },
      'counselling_domains',
    );
    await sendTwice(
      '/reference/districts',
      {
        code: `ortsteil_${randomUUID().slice(0, 8)}`,
        name: 'Neustadt',
        kind: 'locality',
        parentCode: 'ost',
      },
      'districts',
    );
    await sendTwice('/reference/languages', { code: 'kab', nameEn: 'Kabyle', nameDe: 'Kabylisch', nativeName: 'Taqbaylit' }, 'languages');
    // Every route documented with an Idempotency-Key is among them: a new one needs a line here.
    const document = (await t.http.get('/api/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
        .map(([method]) => `${method} ${path}`),
    );
    expect([...covered].sort()).toEqual(documented.sort());
  });
});
