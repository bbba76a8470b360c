import { AuditService } from '@app/audit';
import { createCase, createHandoff, createNetwork, type TestNetwork } from './support/network';
import { bearer, TestApp } from './support/test-app';

describe('audit log', () => {
  let t: TestApp;
  let network: TestNetwork;

  beforeAll(async () => {
    t = await TestApp.start();
    network = await createNetwork(t);
    const created = await createCase(t, network.users.counsellor);
    await t.http.get(`/api/v1/cases/${created.id}`).set(bearer(network.users.counsellor)).expect(200);
    await createHandoff(t, network.counsellorC, network.orgA);
    await t.http
      .patch(`/api/v1/users/${network.targetUserA}`)
      .set(bearer(network.users.orgAdmin))
      .send({ roles: ['lead'] })
      .expect(200);
    await t.http.post('/api/v1/auth/login').send({ email: network.users.counsellor.email, password: 'wrong password!' }).expect(401);
  });

  afterAll(async () => {
    await t.stop();
  });

  it('records case reads and writes, hand-offs, logins and permission changes', async () => {
    const rows: { action: string }[] = await t.dataSource.query('SELECT action FROM audit_log');
    const actions = new Set(rows.map((row) => row.action));
    for (const action of ['auth.login', 'auth.login_failed', 'case.created', 'case.read', 'handoff.created', 'user.roles_changed']) {
      expect(actions).toContain(action);
    }
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.dataSource.query(`UPDATE audit_log SET action = 'case.nothing'`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('keeps one unbroken chain when many reads of one case are audited at once', async () => {
    const created = await createCase(t, network.users.counsellor);
    const reads = await Promise.all(
      Array.from({ length: 30 }, () => t.http.get(`/api/v1/cases/${created.id}`).set(bearer(network.users.counsellor))),
    );
    expect(reads.map((response) => response.status)).toEqual(Array(30).fill(200));
    const [chain]: { entries: number; seqs: number; first: number; last: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS entries, count(DISTINCT seq)::int AS seqs, min(seq)::int AS first, max(seq)::int AS last
         FROM audit_log WHERE chain = (SELECT chain FROM audit_log WHERE case_id = $1 LIMIT 1)`,
      [created.id],
    );
    // Every entry of the chain has its own place in it, with no gap: each one linked to the one before.
    expect(chain.seqs).toBe(chain.entries);
    expect(chain.last - chain.first + 1).toBe(chain.entries);
    expect((await t.app.get(AuditService).verify()).broken).toEqual([]);
  });

  it("verifies intact, and finds a row altered behind the application's back", async () => {
    const audit = t.app.get(AuditService);
    const before = await audit.verify();
    expect(before.broken).toEqual([]);
    expect(before.entries).toBeGreaterThan(5);

    const [victim] = await t.dataSource.query(`SELECT id::text AS id FROM audit_log WHERE action = 'case.read' LIMIT 1`);
    // What an attacker with superuser rights could do: switch the guard off, change a row, switch it on.
    await t.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.dataSource.query(`UPDATE audit_log SET actor_id = NULL WHERE id = $1`, [victim.id]);
    await t.dataSource.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');

    const after = await audit.verify();
    expect(after.broken).toEqual([expect.objectContaining({ id: victim.id, problem: 'content does not match its hash' })]);
  });

  it('lets an org admin read only entries about their own organisation', async () => {
    const response = await t.http.get('/api/v1/audit?limit=200').set(bearer(network.users.orgAdmin)).expect(200);
    expect(response.body.items.length).toBeGreaterThan(0);
    const ids: string[] = response.body.items.map((item: { id: string }) => item.id);
    const rows: { id: string; organisation_ids: string[] }[] = await t.dataSource.query(
      'SELECT id::text AS id, organisation_ids FROM audit_log WHERE id = ANY($1::bigint[])',
      [ids],
    );
    for (const row of rows) expect(row.organisation_ids).toContain(network.orgA);
    const other = await t.http.get('/api/v1/audit?limit=200').set(bearer(network.users.otherOrgAdmin)).expect(200);
    expect(other.body.items.map((item: { id: string }) => item.id)).not.toEqual(expect.arrayContaining(ids.slice(0, 1)));
  });

  it('lets the coordinator read entries about organisations and users, never case content', async () => {
    const response = await t.http.get('/api/v1/audit?limit=200').set(bearer(network.users.coordinator)).expect(200);
    const subjects = new Set(response.body.items.map((item: { subjectType: string }) => item.subjectType));
    expect(subjects).toContain('user');
    expect(subjects).not.toContain('case');
    expect(subjects).not.toContain('handoff');
  });

  it('filters by case and pages with a cursor', async () => {
    const [{ case_id: caseId }] = await t.dataSource.query(`SELECT case_id FROM audit_log WHERE action = 'case.created' LIMIT 1`);
    const byCase = await t.http.get(`/api/v1/audit?caseId=${caseId}`).set(bearer(network.users.orgAdmin)).expect(200);
    expect(byCase.body.items.every((item: { caseId: string }) => item.caseId === caseId)).toBe(true);
    const first = await t.http.get('/api/v1/audit?limit=2').set(bearer(network.users.orgAdmin)).expect(200);
    const second = await t.http
      .get(`/api/v1/audit?limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(network.users.orgAdmin))
      .expect(200);
    expect(Number(second.body.items[0].id)).toBeLessThan(Number(first.body.items[1].id));
  });
});
