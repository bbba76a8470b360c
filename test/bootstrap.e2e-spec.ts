import { AuditService } from '@app/audit';
import { PasswordLinksService } from '@app/counsellors';
import { createFirstCoordinator } from '../apps/cli/src/bootstrap/create-coordinator';
import { TestApp } from './support/test-app';

/**
 * A fresh network has no account at all: the operator creates the first coordinator with the CLI
 * (`create-coordinator`), hands over the printed password link, and the coordinator creates everyone
 * else through the API.
 */
describe('the first coordinator of a fresh network', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ AUTH_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const create = (email: string, organisation = 'Referat Migration und Integration') =>
    createFirstCoordinator(t.dataSource, t.app.get(AuditService), { email, organisation, displayName: 'K. Oordination' });

  it('is created without a password in its new office, signs in through the printed link, and runs the network from there', async () => {
    expect(await t.dataSource.query(`SELECT 1 FROM users WHERE 'coordinator' = ANY(roles)`)).toEqual([]);
    const result = await create(' Koordination@Leipzig.example ');
    expect(result).toEqual({ created: true, userId: expect.any(String), organisationId: expect.any(String) });
    if (!result.created) return;
    const [user] = await t.dataSource.query(`SELECT email, display_name, roles, password_hash, active FROM users WHERE id = $1`, [
      result.userId,
    ]);
    expect(user).toEqual({
      email: 'koordination@leipzig.example',
      display_name: 'K. Oordination',
      roles: ['coordinator', 'org_admin'],
      password_hash: null,
      active: true,
    });
    const [office] = await t.dataSource.query(`SELECT kind, name, accepts_referrals FROM organisations WHERE id = $1`, [
      result.organisationId,
    ]);
    expect(office).toEqual({ kind: 'city_department', name: 'Referat Migration und Integration', accepts_referrals: false });
    const audit = await t.dataSource.query(`SELECT action, actor_id, details FROM audit_log WHERE subject_id = $1`, [result.userId]);
    expect(audit).toEqual([{ action: 'user.created', actor_id: null, details: { roles: ['coordinator', 'org_admin'], by: 'operator' } }]);

    // The operator's link (what the CLI prints) sets the password once.
    const link = await t.app.get(PasswordLinksService).issueForOperator('koordination@leipzig.example');
    const token = new URL(link!.url).hash.replace('#token=', '');
    expect(
      (await t.http.post('/api/v1/auth/password/set').send({ token, newPassword: 'ein langer satz für die koordination' })).status,
    ).toBe(204);
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ email: 'koordination@leipzig.example', password: 'ein langer satz für die koordination' });
    expect(login.status).toBe(200);
    const created = await t.http
      .post('/api/v1/organisations')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .send({ kind: 'ngo', name: 'Erste Beratungsstelle e.V.' });
    expect(created.status).toBe(201);
  });

  it('is refused once the network has a coordinator, and for an address that is not one', async () => {
    expect(await create('zweite.koordination@leipzig.example')).toEqual({
      created: false,
      reason: expect.stringMatching(/has a coordinator already/),
    });
    expect(await create('not-an-address')).toEqual({ created: false, reason: expect.stringMatching(/not an e-mail address/) });
    expect(await t.dataSource.query(`SELECT email FROM users WHERE 'coordinator' = ANY(roles)`)).toEqual([
      { email: 'koordination@leipzig.example' },
    ]);
  });
});
