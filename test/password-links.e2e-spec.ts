import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { passwordLinkToken } from '@app/core';
import { PasswordLinksService } from '@app/counsellors';
import { TestApp, TEST_PASSWORD, bearer, type TestUser } from './support/test-app';

/**
 * Password links: invitations to new accounts, resets sent by an admin and forgotten passwords
 * (quality.md "Security": nobody but the user chooses or knows their password; ASVS 5.0 V6.3/V6.4).
 * The links are e-mailed by the worker (email.e2e follows one from the mailbox); here the test signs
 * the link's id from the notification as the worker does.
 */

const API = '/api/v1';
const NEW_PASSWORD = 'ein langer satz als neues passwort';
const DAY_MS = 24 * 60 * 60 * 1000;

const uniqueEmail = (label: string) => `${label}.${randomBytes(4).toString('hex')}@test.example`;

function expectFieldError(res: Response, field: string): void {
  expect({ status: res.status, type: res.body.type }).toEqual({ status: 400, type: '/problems/validation-failed' });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}

interface LinkNotification {
  kind: string;
  data: { passwordLinkId: string; expiresAt: string };
}

describe('password links', () => {
  let t: TestApp;
  let org: string;
  let otherOrg: string;
  let admin: TestUser;
  let otherAdmin: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    t = await TestApp.start({
      // E-mail is configured (invitations and password links need it); no worker runs here to send any.
      SMTP_URL: 'smtp://127.0.0.1:2525',
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_LOCKOUT_SECONDS: '300',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '10000',
      LOGIN_FAILURE_WINDOW_SECONDS: '900',
    });
    const coordinatorOrg = await t.createOrganisation();
    [org, otherOrg] = await Promise.all([t.createOrganisation(), t.createOrganisation()]);
    [admin, otherAdmin, coordinator] = await Promise.all([
      t.createUser(org, ['org_admin']),
      t.createUser(otherOrg, ['org_admin']),
      t.createUser(coordinatorOrg, ['coordinator', 'org_admin']),
    ]);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const login = (email: string, password: string) => t.http.post(`${API}/auth/login`).send({ email, password });
  const setPassword = (token: string, newPassword = NEW_PASSWORD) => t.http.post(`${API}/auth/password/set`).send({ token, newPassword });
  const forgot = (email: string) => t.http.post(`${API}/auth/password/forgot`).send({ email });
  /** The route answers before the link is sent: waits for the requests in the background. */
  const requestsDone = () => t.app.get(PasswordLinksService).settled();
  const sendLink = (actor: TestUser, userId: string) => t.http.post(`${API}/users/${userId}/password-link`).set(bearer(actor)).send();
  const tokenFor = (linkId: string) => passwordLinkToken(linkId, t.environment.JWT_SECRET);

  /** The password-link notifications of a user, newest first, from the database (they cannot sign in to read them). */
  async function linksSentTo(userId: string): Promise<LinkNotification[]> {
    return t.dataSource.query(
      `SELECT kind, data FROM notifications WHERE recipient_id = $1 AND kind IN ('account_invitation', 'password_reset') ORDER BY created_at DESC, id DESC`,
      [userId],
    );
  }

  async function auditOf(userId: string): Promise<{ action: string; actor_id: string | null; details: Record<string, unknown> }[]> {
    return t.dataSource.query(
      `SELECT action, actor_id, details FROM audit_log WHERE subject_type = 'user' AND subject_id = $1 ORDER BY id`,
      [userId],
    );
  }

  async function invite(actor: TestUser, body: Record<string, unknown> = {}): Promise<{ id: string; email: string }> {
    const email = uniqueEmail('eingeladen');
    const res = await t.http
      .post(`${API}/users`)
      .set(bearer(actor))
      .send({ email, displayName: 'N. Neu', roles: ['counsellor'], ...body });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, email };
  }

  describe('invitations', () => {
    it('invite a user created without a password, who cannot sign in until they set one with the link; it works once', async () => {
      const before = Date.now();
      const invited = await invite(admin);
      const passwordSet = async () => (await t.http.get(`${API}/users/${invited.id}`).set(bearer(admin))).body.passwordSet;
      // The admin sees that the invitation is still open.
      expect(await passwordSet()).toBe(false);
      const listed = await t.http.get(`${API}/users?limit=200`).set(bearer(admin));
      expect(listed.body.items.find((user: { id: string }) => user.id === invited.id)).toMatchObject({ passwordSet: false });
      expect(JSON.stringify(listed.body)).not.toMatch(/argon2|passwordHash/);
      expect((await login(invited.email, TEST_PASSWORD)).status).toBe(401);
      expect((await login(invited.email, '')).status).toBe(400);

      const [link] = await linksSentTo(invited.id);
      expect(link.kind).toBe('account_invitation');
      const expiresAt = new Date(link.data.expiresAt).getTime();
      expect(expiresAt - before).toBeGreaterThanOrEqual(7 * DAY_MS - 1000);
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(7 * DAY_MS);

      // A password that breaks the rules is refused and leaves the link usable.
      expectFieldError(await setPassword(tokenFor(link.data.passwordLinkId), 'kurz'), 'newPassword');
      expectFieldError(await setPassword(tokenFor(link.data.passwordLinkId), 'password123'), 'newPassword');
      expect((await setPassword(tokenFor(link.data.passwordLinkId))).status).toBe(204);
      expect((await login(invited.email, NEW_PASSWORD)).status).toBe(200);
      expect(await passwordSet()).toBe(true);
      // A first password is no change to warn anyone about.
      expect(
        await t.dataSource.query(`SELECT 1 FROM notifications WHERE recipient_id = $1 AND kind = 'password_changed'`, [invited.id]),
      ).toEqual([]);

      expectFieldError(await setPassword(tokenFor(link.data.passwordLinkId), `${NEW_PASSWORD} zwei`), 'token');
      expect((await login(invited.email, `${NEW_PASSWORD} zwei`)).status).toBe(401);

      const audit = await auditOf(invited.id);
      expect(audit.map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['user.created', 'user.password_link_sent', 'user.password_set']),
      );
      expect(audit.find((entry) => entry.action === 'user.password_link_sent')).toMatchObject({
        actor_id: admin.id,
        details: { purpose: 'invitation', by: 'admin' },
      });
      expect(audit.find((entry) => entry.action === 'user.password_set')).toMatchObject({
        actor_id: invited.id,
        details: { via: 'invitation' },
      });
      expect(JSON.stringify(audit)).not.toContain(tokenFor(link.data.passwordLinkId).split('.')[1]);
    });

    it('still let an admin give an initial password in its own organisation', async () => {
      const res = await t.http
        .post(`${API}/users`)
        .set(bearer(admin))
        .send({ email: uniqueEmail('mitpasswort'), displayName: 'M. Passwort', roles: ['counsellor'], password: NEW_PASSWORD });
      expect(res.status).toBe(201);
      expect(res.body.passwordSet).toBe(true);
      expect(await linksSentTo(res.body.id)).toEqual([]);
      expect((await login(res.body.email, NEW_PASSWORD)).status).toBe(200);
    });
  });

  describe('links that do not work', () => {
    it('refuse a forged, unknown, replaced, expired or deactivated account’s link with the same 400 naming the token', async () => {
      const invited = await invite(admin);
      const [first] = await linksSentTo(invited.id);
      const token = tokenFor(first.data.passwordLinkId);
      const signature = token.split('.')[1];

      expectFieldError(await setPassword(`${first.data.passwordLinkId}.${signature.slice(0, -2)}xx`), 'token');
      expectFieldError(await setPassword(`${randomUUID()}.${signature}`), 'token');
      expectFieldError(await setPassword(tokenFor(randomUUID())), 'token'); // well signed, but no such link
      expectFieldError(await setPassword('kein token'), 'token');

      // A newer link replaces the first; to someone who has no password yet it is the invitation again.
      expect((await sendLink(admin, invited.id)).status).toBe(202);
      const [second] = await linksSentTo(invited.id);
      expect(second.kind).toBe('account_invitation');
      expect(new Date(second.data.expiresAt).getTime() - Date.now()).toBeGreaterThan(6 * DAY_MS);
      expectFieldError(await setPassword(token), 'token');

      // Expired.
      await t.dataSource.query(`UPDATE password_links SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        second.data.passwordLinkId,
      ]);
      expectFieldError(await setPassword(tokenFor(second.data.passwordLinkId)), 'token');

      // The account was deactivated after the link was sent.
      expect((await sendLink(admin, invited.id)).status).toBe(202);
      const [third] = await linksSentTo(invited.id);
      expect((await t.http.patch(`${API}/users/${invited.id}`).set(bearer(admin)).send({ active: false })).status).toBe(200);
      expectFieldError(await setPassword(tokenFor(third.data.passwordLinkId)), 'token');
      expect((await sendLink(admin, invited.id)).status).toBe(422);
    });
  });

  describe('a forgotten password (POST /auth/password/forgot)', () => {
    it('answers the same for an unknown address, a deactivated account and a real one, and e-mails a link only to the real one', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const inactive = await t.createUser(org, ['counsellor'], { active: false });
      const linksBefore = Number((await t.dataSource.query(`SELECT count(*) AS n FROM password_links`))[0].n);

      const answers = [await forgot(uniqueEmail('niemand')), await forgot(inactive.email), await forgot(` ${user.email.toUpperCase()} `)];
      expect(answers.map((res) => [res.status, res.text])).toEqual([
        [202, ''],
        [202, ''],
        [202, ''],
      ]);
      await requestsDone();
      expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM password_links`))[0].n)).toBe(linksBefore + 1);
      const [link] = await linksSentTo(user.id);
      expect(link.kind).toBe('password_reset');
      expect(new Date(link.data.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000);
      expect(await linksSentTo(inactive.id)).toEqual([]);
      expect((await auditOf(user.id)).find((entry) => entry.action === 'user.password_link_sent')).toMatchObject({
        actor_id: null,
        details: { purpose: 'reset', by: 'self' },
      });
    });

    it('sends one link per five minutes, also to several requests at once', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const answers = await Promise.all(Array.from({ length: 5 }, () => forgot(user.email)));
      expect(answers.map((res) => res.status)).toEqual([202, 202, 202, 202, 202]);
      await requestsDone();
      expect(await forgot(user.email)).toMatchObject({ status: 202 });
      await requestsDone();
      expect(await linksSentTo(user.id)).toHaveLength(1);
    });

    it('sets the new password with the link and ends every session of the account', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const session = await t.login(user.email);
      expect((await forgot(user.email)).status).toBe(202);
      await requestsDone();
      const [link] = await linksSentTo(user.id);
      // Until the link is used, the old password still works.
      expect((await login(user.email, TEST_PASSWORD)).status).toBe(200);

      expect((await setPassword(tokenFor(link.data.passwordLinkId))).status).toBe(204);
      expect((await t.http.get(`${API}/me`).set('Authorization', `Bearer ${session.accessToken}`)).status).toBe(401);
      expect((await t.http.post(`${API}/auth/refresh`).send({ refreshToken: session.refreshToken })).status).toBe(401);
      expect((await login(user.email, TEST_PASSWORD)).status).toBe(401);
      expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
      expect(
        await t.dataSource.query(`SELECT data FROM notifications WHERE recipient_id = $1 AND kind = 'password_changed'`, [user.id]),
      ).toEqual([{ data: { by: 'reset-link' } }]);
    });
    it('gives an invited user whose invitation expired a new link; setting the first password warns nobody', async () => {
      const invited = await invite(admin);
      await t.dataSource.query(`UPDATE password_links SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [invited.id]);
      expect((await forgot(invited.email)).status).toBe(202);
      await requestsDone();
      const [link] = await linksSentTo(invited.id);
      expect(link.kind).toBe('password_reset');
      expect((await setPassword(tokenFor(link.data.passwordLinkId))).status).toBe(204);
      expect((await login(invited.email, NEW_PASSWORD)).status).toBe(200);
      expect(
        await t.dataSource.query(`SELECT 1 FROM notifications WHERE recipient_id = $1 AND kind = 'password_changed'`, [invited.id]),
      ).toEqual([]);
    });

    it('ends a sign-in lockout of the account: who set a new password with the link signs in at once', async () => {
      const user = await t.createUser(org, ['counsellor']);
      for (let attempt = 0; attempt < 3; attempt++) expect((await login(user.email, `falsch ${attempt}`)).status).toBe(401);
      expect((await login(user.email, TEST_PASSWORD)).status).toBe(429);
      expect((await forgot(user.email)).status).toBe(202);
      await requestsDone();
      const [link] = await linksSentTo(user.id);
      expect((await setPassword(tokenFor(link.data.passwordLinkId))).status).toBe(204);
      expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
    });
  });

  describe('a link sent by an admin (POST /users/:id/password-link)', () => {
    it('is for org admins of the user’s organisation and the coordinator; others get 403 or 404', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const colleague = await t.createUser(org, ['lead']);
      expect((await sendLink(colleague, user.id)).status).toBe(403);
      expect((await sendLink(otherAdmin, user.id)).status).toBe(404);
      expect((await sendLink(admin, randomUUID())).status).toBe(404);
      expect(await linksSentTo(user.id)).toEqual([]);

      expect((await sendLink(admin, user.id)).status).toBe(202);
      expect((await sendLink(coordinator, user.id)).status).toBe(202);
      const links = await linksSentTo(user.id);
      expect(links.map((link) => link.kind)).toEqual(['password_reset', 'password_reset']);
      // Only the newest works.
      expectFieldError(await setPassword(tokenFor(links[1].data.passwordLinkId)), 'token');
      expect((await setPassword(tokenFor(links[0].data.passwordLinkId))).status).toBe(204);
      expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
    });
  });

  describe('a password changed otherwise', () => {
    it('voids the links not yet used: one asked for before the user changed the password, and one before an admin did', async () => {
      const user = await t.createUser(org, ['counsellor']);
      expect((await sendLink(admin, user.id)).status).toBe(202);
      const [before] = await linksSentTo(user.id);
      const changed = await t.http
        .post(`${API}/me/password`)
        .set(bearer(user))
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'mein eigenes neues passwort' });
      expect(changed.status).toBe(204);
      expectFieldError(await setPassword(tokenFor(before.data.passwordLinkId)), 'token');
      expect((await login(user.email, 'mein eigenes neues passwort')).status).toBe(200);

      expect((await sendLink(admin, user.id)).status).toBe(202);
      const [second] = await linksSentTo(user.id);
      expect(
        (await t.http.patch(`${API}/users/${user.id}`).set(bearer(admin)).send({ password: 'vom admin gesetztes passwort' })).status,
      ).toBe(200);
      expectFieldError(await setPassword(tokenFor(second.data.passwordLinkId)), 'token');
      expect((await login(user.email, 'vom admin gesetztes passwort')).status).toBe(200);
    });

    it("is refused for one's own account through PATCH /users/:id (403): only POST /me/password, with the current one", async () => {
      const selfAdmin = await t.createUser(org, ['org_admin']);
      const res = await t.http.patch(`${API}/users/${selfAdmin.id}`).set(bearer(selfAdmin)).send({ password: 'ohne das alte passwort' });
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/POST \/me\/password/);
      expect((await login(selfAdmin.email, 'ohne das alte passwort')).status).toBe(401);
      expect((await login(selfAdmin.email, TEST_PASSWORD)).status).toBe(200);
      // Its own profile it still changes there.
      expect((await t.http.patch(`${API}/users/${selfAdmin.id}`).set(bearer(selfAdmin)).send({ displayName: 'S. Selbst' })).status).toBe(
        200,
      );
    });

    it("cannot be started for the coordinator's account by an admin of its organisation (403): only the coordinator", async () => {
      const [coordinatorsAdmin] = await t.dataSource.query(`SELECT organisation_id FROM users WHERE id = $1`, [coordinator.id]);
      const colleague = await t.createUser(coordinatorsAdmin.organisation_id, ['org_admin']);
      const before = (await linksSentTo(coordinator.id)).length;
      const res = await sendLink(colleague, coordinator.id);
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/Only the network coordinator/);
      expect(await linksSentTo(coordinator.id)).toHaveLength(before);
    });
  });

  describe('the coordinator in another organisation', () => {
    it('sets no password there: it creates admins by invitation, and sends links instead of resetting', async () => {
      const refused = await t.http
        .post(`${API}/users`)
        .set(bearer(coordinator))
        .send({
          organisationId: otherOrg,
          email: uniqueEmail('admin'),
          displayName: 'A. Admin',
          roles: ['org_admin'],
          password: NEW_PASSWORD,
        });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/invite the new user by e-mail/);

      const invited = await invite(coordinator, { organisationId: otherOrg, roles: ['org_admin'] });
      expect((await linksSentTo(invited.id)).map((link) => link.kind)).toEqual(['account_invitation']);

      // Not even for an admin holding no case access role, whose password it could otherwise know.
      const reset = await t.http.patch(`${API}/users/${otherAdmin.id}`).set(bearer(coordinator)).send({ password: NEW_PASSWORD });
      expect(reset.status).toBe(403);
      expect((await login(otherAdmin.email, NEW_PASSWORD)).status).toBe(401);
      expect((await sendLink(coordinator, otherAdmin.id)).status).toBe(202);
    });
  });
});
