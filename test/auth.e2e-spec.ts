import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Response } from 'supertest';
import { TestApp, TEST_PASSWORD, bearer, type TestUser } from './support/test-app';

/**
 * Sign-in, tokens, lockout and throttling, sessions, deactivation and role changes, password rules
 * (spec: api.md "Auth" and conventions; quality.md "Security").
 */

const API = '/api/v1';
const AUDIENCE = 'case-coordination-api';
const ISSUER = 'case-coordination';

/**
 * TestApp.start writes its overrides into process.env and they stay there, so every app of this
 * file states all the settings it depends on.
 */
const SETTINGS = {
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
  LOGIN_LOCKOUT_SECONDS: '2',
  LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
  LOGIN_FAILURE_WINDOW_SECONDS: '900',
  AUTH_RATE_LIMIT_PER_MINUTE: '1000',
  ACCESS_TOKEN_TTL_SECONDS: '60',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uniqueEmail = (label: string) => `${label}.${randomBytes(4).toString('hex')}@test.example`;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A problem+json answer with the given status (and problem type, when given). */
function expectProblem(res: Response, status: number, type?: string): void {
  expect({ status: res.status, body: res.body }).toEqual(expect.objectContaining({ status }));
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
  );
  if (type) expect(res.body.type).toBe(type);
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |INSERT |UPDATE /);
}

function expectFieldError(res: Response, field: string): void {
  expectProblem(res, 400, '/problems/validation-failed');
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
}

function expectRetryAfter(res: Response, maxSeconds: number): void {
  const header = res.headers['retry-after'];
  expect(header).toMatch(/^\d+$/);
  expect(Number(header)).toBeGreaterThanOrEqual(1);
  expect(Number(header)).toBeLessThanOrEqual(maxSeconds);
}

function helpers(app: () => TestApp) {
  return {
    login: (email: string, password: string = TEST_PASSWORD) => app().http.post(`${API}/auth/login`).send({ email, password }),
    refresh: (refreshToken: string) => app().http.post(`${API}/auth/refresh`).send({ refreshToken }),
    me: (token: string) => app().http.get(`${API}/me`).set(auth(token)),
  };
}

describe('auth', () => {
  let t: TestApp;
  let org: string;
  let admin: TestUser;
  const { login, refresh, me } = helpers(() => t);

  /** The data of the user's `password_changed` notifications, oldest first. */
  const passwordChangedNotices = async (userId: string): Promise<unknown[]> =>
    (
      await t.dataSource.query(`SELECT data FROM notifications WHERE recipient_id = $1 AND kind = 'password_changed' ORDER BY created_at`, [
        userId,
      ])
    ).map((row: { data: unknown }) => row.data);
  const patchUser = (actor: TestUser, id: string, body: object) => t.http.patch(`${API}/users/${id}`).set(bearer(actor)).send(body);
  const createUserViaApi = (actor: TestUser, body: object) => t.http.post(`${API}/users`).set(bearer(actor)).send(body);

  beforeAll(async () => {
    t = await TestApp.start(SETTINGS);
    org = await t.createOrganisation();
    admin = await t.createUser(org, ['org_admin']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  describe('login', () => {
    it('answers 200 with a token pair, its lifetime and the user, without any password hash', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const res = await login(user.email);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual(
        expect.objectContaining({
          accessToken: expect.any(String),
          refreshToken: expect.any(String),
          expiresIn: 60,
          user: expect.objectContaining({ id: user.id, organisationId: org, email: user.email, roles: ['counsellor'], active: true }),
        }),
      );
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|password_hash|\$argon2/i);
      expect(res.body.user).not.toHaveProperty('password');

      const meRes = await me(res.body.accessToken);
      expect(meRes.status).toBe(200);
      expect(meRes.body.user).toEqual(expect.objectContaining({ id: user.id, roles: ['counsellor'] }));
      expect(meRes.body.organisation).toEqual(expect.objectContaining({ id: org }));
      expect(JSON.stringify(meRes.body)).not.toMatch(/passwordHash|password_hash|\$argon2/i);
    });

    it('gives the identical 401 for a wrong password, an unknown e-mail and a deactivated account', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const inactive = await t.createUser(org, ['counsellor'], { active: false });

      const wrongPassword = await login(user.email, 'not the right password at all');
      const unknownEmail = await login(uniqueEmail('nobody'), 'not the right password at all');
      const deactivated = await login(inactive.email, TEST_PASSWORD);

      expectProblem(wrongPassword, 401, '/problems/unauthenticated');
      expectProblem(unknownEmail, 401);
      expectProblem(deactivated, 401);
      expect(unknownEmail.body).toEqual(wrongPassword.body);
      expect(deactivated.body).toEqual(wrongPassword.body);
      expect(unknownEmail.headers['www-authenticate']).toBe(wrongPassword.headers['www-authenticate']);
      expect(deactivated.headers['www-authenticate']).toBe(wrongPassword.headers['www-authenticate']);
      expect(JSON.stringify(wrongPassword.body)).not.toMatch(/accessToken|refreshToken/);
    });

    it('treats the e-mail address case-insensitively', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const upper = await login(user.email.toUpperCase());
      expect(upper.status).toBe(200);
      expect(upper.body.user.id).toBe(user.id);
      const mixed = await login(`  ${user.email.charAt(0).toUpperCase()}${user.email.slice(1)}  `);
      expect(mixed.status).toBe(200);
    });

    it('answers 400 with the field listed when e-mail or password is missing', async () => {
      expectFieldError(await t.http.post(`${API}/auth/login`).send({ email: 'someone@test.example' }), 'password');
      expectFieldError(await t.http.post(`${API}/auth/login`).send({ password: TEST_PASSWORD }), 'email');
      const empty = await t.http.post(`${API}/auth/login`).send({});
      expectFieldError(empty, 'email');
      expectFieldError(empty, 'password');
    });

    it('answers 400 for wrong types and unknown fields instead of dropping them', async () => {
      expectFieldError(await t.http.post(`${API}/auth/login`).send({ email: 'someone@test.example', password: 12345678 }), 'password');
      const unknown = await t.http.post(`${API}/auth/login`).send({ email: admin.email, password: TEST_PASSWORD, rememberMe: true });
      expectFieldError(unknown, 'rememberMe');
    });
  });

  describe('lockout per account (3 failures, 2 s)', () => {
    it('locks after 3 failures: 429 with Retry-After even for the correct password, and opens again after the lockout', async () => {
      const user = await t.createUser(org, ['counsellor']);
      for (let attempt = 1; attempt <= 3; attempt++) {
        expectProblem(await login(user.email, `wrong password number ${attempt}`), 401);
      }
      const lockedAt = Date.now();

      const locked = await login(user.email, TEST_PASSWORD);
      expectProblem(locked, 429, '/problems/too-many-requests');
      expectRetryAfter(locked, 2);
      expect(JSON.stringify(locked.body)).not.toMatch(/accessToken/);
      // A wrong password during the lockout gets the same answer: the lock is no password oracle.
      const lockedWrong = await login(user.email, 'still the wrong password');
      expectProblem(lockedWrong, 429);
      expect(lockedWrong.body).toEqual(locked.body);

      await sleep(Math.max(0, lockedAt + 2_150 - Date.now()));
      const after = await login(user.email, TEST_PASSWORD);
      expect(after.status).toBe(200);
      expect(after.body.user.id).toBe(user.id);
    });

    it('locks an unknown e-mail the same way (no enumeration), and leaves other accounts from the same address alone', async () => {
      const victim = await t.createUser(org, ['counsellor']);
      const bystander = await t.createUser(org, ['counsellor']);
      const ghost = uniqueEmail('ghost');
      for (let attempt = 1; attempt <= 3; attempt++) {
        expectProblem(await login(ghost, `guess ${attempt}`), 401);
        expectProblem(await login(victim.email, `guess ${attempt}`), 401);
      }

      const ghostLocked = await login(ghost, 'guess 4');
      const victimLocked = await login(victim.email, 'guess 4');
      expectProblem(ghostLocked, 429, '/problems/too-many-requests');
      expectProblem(victimLocked, 429, '/problems/too-many-requests');
      expectRetryAfter(ghostLocked, 2);
      expect(ghostLocked.body).toEqual(victimLocked.body);

      const other = await login(bystander.email, TEST_PASSWORD);
      expect(other.status).toBe(200);
      expect(other.body.user.id).toBe(bystander.id);
    });
  });

  describe('refresh', () => {
    it('rotates: the new pair works, the old refresh token is spent', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const first = await t.login(user.email);
      const res = await refresh(first.refreshToken);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 60 }),
      );
      expect(res.body.refreshToken).not.toBe(first.refreshToken);
      expect((await me(res.body.accessToken)).status).toBe(200);

      const again = await refresh(res.body.refreshToken);
      expect(again.status).toBe(200);
      expect((await me(again.body.accessToken)).status).toBe(200);
    });

    it("reusing an old refresh token revokes the whole family, including the session's access token", async () => {
      const user = await t.createUser(org, ['counsellor']);
      const first = await t.login(user.email);
      const second = await refresh(first.refreshToken);
      expect(second.status).toBe(200);

      const replay = await refresh(first.refreshToken);
      expectProblem(replay, 401, '/problems/unauthenticated');

      expectProblem(await refresh(second.body.refreshToken), 401, '/problems/unauthenticated');
      expectProblem(await me(second.body.accessToken), 401, '/problems/unauthenticated');
      expectProblem(await me(first.accessToken), 401);
      // Another session of the same user (the one createUser opened) is not part of that family.
      expect((await me(user.token)).status).toBe(200);
      // The organisation's admin can see it happened, from where, and to whom.
      const sessionId = (jwt.decode(first.accessToken) as { sid: string }).sid;
      const entries = await t.http.get(`${API}/audit?limit=200`).set(bearer(admin));
      expect(entries.status).toBe(200);
      expect(entries.body.items).toContainEqual(
        expect.objectContaining({
          action: 'auth.refresh_reused',
          subjectType: 'session',
          subjectId: sessionId,
          details: { userId: user.id },
        }),
      );
      // Once: replaying the spent token again changes nothing and writes nothing more.
      expectProblem(await refresh(first.refreshToken), 401);
      const reuses = await t.dataSource.query(`SELECT 1 FROM audit_log WHERE action = 'auth.refresh_reused' AND subject_id = $1`, [
        sessionId,
      ]);
      expect(reuses).toHaveLength(1);
    });

    it('refuses a garbage refresh token with 401, and a malformed request with 400', async () => {
      expectProblem(await refresh(randomBytes(32).toString('base64url')), 401, '/problems/unauthenticated');
      expectProblem(await refresh('not-a-token-but-long-enough-to-pass-validation'), 401);
      expectFieldError(await t.http.post(`${API}/auth/refresh`).send({}), 'refreshToken');
      const { refreshToken } = await t.login(admin.email);
      expectFieldError(await t.http.post(`${API}/auth/refresh`).send({ refreshToken, userId: admin.id }), 'userId');
    });
  });

  describe('logout', () => {
    it("answers 204; afterwards that session's access and refresh tokens are refused", async () => {
      const user = await t.createUser(org, ['counsellor']);
      const session = await t.login(user.email);
      expect((await me(session.accessToken)).status).toBe(200);

      const res = await t.http.post(`${API}/auth/logout`).set(auth(session.accessToken));
      expect(res.status).toBe(204);
      expect(res.text).toBe('');

      expectProblem(await me(session.accessToken), 401, '/problems/unauthenticated');
      expectProblem(await refresh(session.refreshToken), 401, '/problems/unauthenticated');
      // Only that session ends; the user's other session still works.
      expect((await me(user.token)).status).toBe(200);
    });

    it("accepts the client's refresh token in the body, as many clients send it: that session ends too, if it is the user's", async () => {
      const user = await t.createUser(org, ['counsellor']);
      const someoneElse = await t.login((await t.createUser(org, ['counsellor'])).email);
      const tabs: { accessToken: string; refreshToken: string }[] = [];
      for (let i = 0; i < 5; i++) tabs.push(await t.login(user.email));
      const logout = (session: { accessToken: string }, refreshToken: unknown) =>
        t.http.post(`${API}/auth/logout`).set(auth(session.accessToken)).send({ refreshToken });
      const signOutsOf = async (session: { refreshToken: string }) => {
        const [{ n }] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_log a JOIN refresh_tokens r ON r.session_id = a.subject_id::uuid
            WHERE a.action = 'auth.logout' AND r.token_hash = sha256(convert_to($1, 'UTF8'))`,
          [session.refreshToken],
        );
        return n as number;
      };

      // A refresh token of another user changes nothing, and is not told apart from an unknown one.
      const foreign = await logout(tabs[0], someoneElse.refreshToken);
      expect(foreign.status).toBe(204);
      expect((await me(someoneElse.accessToken)).status).toBe(200);
      const unknown = await logout(tabs[1], 'x'.repeat(43));
      expect({ status: unknown.status, text: unknown.text }).toEqual({ status: foreign.status, text: foreign.text });

      // The user's own: both sessions end, each recorded once.
      expect((await logout(tabs[2], tabs[3].refreshToken)).status).toBe(204);
      for (const ended of [tabs[2], tabs[3]]) {
        expectProblem(await refresh(ended.refreshToken), 401, '/problems/unauthenticated');
        expect(await signOutsOf(ended)).toBe(1);
      }
      // Sent again with another session: that one ends, and no second sign-out of the ended one is recorded.
      expect((await logout(tabs[4], tabs[3].refreshToken)).status).toBe(204);
      expect(await signOutsOf(tabs[3])).toBe(1);
      expectFieldError(await logout({ accessToken: user.token }, 42), 'refreshToken');
    });

    it('requires a token', async () => {
      expectProblem(await t.http.post(`${API}/auth/logout`), 401, '/problems/unauthenticated');
    });

    it('documents its body as optional: a sign-out needs none', async () => {
      const document = (await t.http.get('/api/docs-json')).body;
      expect(document.paths[`${API}/auth/logout`].post.requestBody).toEqual(expect.objectContaining({ required: false }));
    });
  });

  describe('deactivation', () => {
    it('refuses the existing access token on the very next request, refresh and login; reactivation allows login again', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const session = await t.login(user.email);
      const wrongPassword = await login(admin.email, 'definitely the wrong password');
      expect((await me(user.token)).status).toBe(200);

      const off = await patchUser(admin, user.id, { active: false });
      expect(off.status).toBe(200);
      expect(off.body).toEqual(expect.objectContaining({ id: user.id, active: false }));

      expectProblem(await me(user.token), 401, '/problems/unauthenticated');
      expectProblem(await me(session.accessToken), 401);
      expectProblem(await refresh(session.refreshToken), 401, '/problems/unauthenticated');
      const loginWhileOff = await login(user.email);
      expectProblem(loginWhileOff, 401);
      expect(loginWhileOff.body).toEqual(wrongPassword.body);

      const on = await patchUser(admin, user.id, { active: true });
      expect(on.status).toBe(200);
      expect(on.body.active).toBe(true);
      const back = await login(user.email);
      expect(back.status).toBe(200);
      expect((await me(back.body.accessToken)).status).toBe(200);
    });

    it('an org admin cannot deactivate themselves (422)', async () => {
      const res = await patchUser(admin, admin.id, { active: false });
      expectProblem(res, 422, '/problems/self-lockout');
      expect((await me(admin.token)).status).toBe(200);
      expect((await login(admin.email)).status).toBe(200);
    });

    // quality.md: deactivation makes existing tokens unusable; Session documents 'deactivated' as a revocation reason.
    it('ends existing sessions for good: after reactivation a refresh token issued before the deactivation is refused', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const before = await t.login(user.email);
      expect((await patchUser(admin, user.id, { active: false })).status).toBe(200);
      expect((await patchUser(admin, user.id, { active: true })).status).toBe(200);

      const res = await refresh(before.refreshToken);
      expectProblem(res, 401, '/problems/unauthenticated');
    });

    // tokensValidAfter is compared with the whole-second `iat`, so only revoking the sessions closes this gap.
    it('after reactivation an access token issued before the deactivation stays refused, even from the same second', async () => {
      // The deactivation happens within the same wall-clock second as the sign-in.
      while (Date.now() % 1000 > 100) await sleep(10);
      const user = await t.createUser(org, ['counsellor']);
      expect((await patchUser(admin, user.id, { active: false })).status).toBe(200);
      expectProblem(await me(user.token), 401);
      expect((await patchUser(admin, user.id, { active: true })).status).toBe(200);

      expectProblem(await me(user.token), 401, '/problems/unauthenticated');
    });
  });

  describe('changing my own password (POST /me/password)', () => {
    const NEW_PASSWORD = 'ein neues langes passwort fuer 2027';
    const changePassword = (token: string, body: object) => t.http.post(`${API}/me/password`).set(auth(token)).send(body);

    it('needs the current password; afterwards the new one signs in, this session goes on and every other ends', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const otherDevice = await t.login(user.email);

      const res = await changePassword(user.token, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
      expect(res.status).toBe(204);

      expect((await me(user.token)).status).toBe(200);
      expectProblem(await me(otherDevice.accessToken), 401);
      expectProblem(await refresh(otherDevice.refreshToken), 401);
      expectProblem(await login(user.email, TEST_PASSWORD), 401);
      expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
      const [entry] = await t.dataSource.query(
        `SELECT actor_id, details FROM audit_log WHERE action = 'user.password_changed' AND subject_id = $1`,
        [user.id],
      );
      expect(entry).toEqual({ actor_id: user.id, details: { by: 'self', endedSessions: 1 } });
      expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
      // The owner is told (in-app and by e-mail), in case it was not them.
      expect(await passwordChangedNotices(user.id)).toEqual([{ by: 'self' }]);
    });

    it('lets exactly one of two changes at once win; the other gets 409 and the winner signs in', async () => {
      const user = await t.createUser(org, ['counsellor']);
      const passwords = ['erstes neues passwort 2027', 'zweites neues passwort 2027'];
      const answers = await Promise.all(
        passwords.map((newPassword) => changePassword(user.token, { currentPassword: TEST_PASSWORD, newPassword })),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 409]);
      const winner = passwords[answers.findIndex((answer) => answer.status === 204)];
      const loser = passwords.find((password) => password !== winner)!;
      expect((await login(user.email, winner)).status).toBe(200);
      expectProblem(await login(user.email, loser), 401);
    });

    it('refuses a wrong current password (400 naming currentPassword) and counts it towards the lockout', async () => {
      const user = await t.createUser(org, ['counsellor']);
      for (let attempt = 0; attempt < 3; attempt++) {
        const wrong = await changePassword(user.token, { currentPassword: `not it ${attempt}`, newPassword: NEW_PASSWORD });
        expectFieldError(wrong, 'currentPassword');
      }
      // Three failures lock the account (LOGIN_MAX_FAILURES_PER_ACCOUNT), for sign-in and for this route alike.
      const locked = await changePassword(user.token, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
      expectProblem(locked, 429);
      expectRetryAfter(locked, 2);
      expectProblem(await login(user.email), 429);

      await sleep(2100);
      expect((await login(user.email)).status).toBe(200);
      expectProblem(await login(user.email, NEW_PASSWORD), 401);
    });

    it.each([
      ['too short', 'kurz'],
      ['a common password', 'password123'],
      ['the current one', TEST_PASSWORD],
    ])('refuses a new password that is %s (400 naming newPassword) and keeps the old one', async (_what, newPassword) => {
      const user = await t.createUser(org, ['counsellor']);
      expectFieldError(await changePassword(user.token, { currentPassword: TEST_PASSWORD, newPassword }), 'newPassword');
      expect((await login(user.email)).status).toBe(200);
    });

    it('needs a token (401) and rejects unknown fields (400)', async () => {
      expectProblem(await t.http.post(`${API}/me/password`).send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }), 401);
      const user = await t.createUser(org, ['counsellor']);
      expectFieldError(
        await changePassword(user.token, { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, userId: admin.id }),
        'userId',
      );
      expect((await login(user.email)).status).toBe(200);
    });
  });

  describe('my own settings (PATCH /me)', () => {
    const patchMe = (token: string | undefined, body: object) => {
      const request = t.http.patch(`${API}/me`);
      return (token ? request.set(auth(token)) : request).send(body);
    };

    it('sets the language of my e-mails and my digest, changes only what is given, and GET /me shows them', async () => {
      const lead = await t.createUser(org, ['lead']);
      const before = (await me(lead.token)).body.user;
      expect(before).toMatchObject({ preferredLocale: 'de', leadDigest: 'daily' });

      const changed = await patchMe(lead.token, { leadDigest: 'weekly', preferredLocale: 'en' });
      expect(changed.status).toBe(200);
      expect(changed.body.user).toMatchObject({ id: lead.id, preferredLocale: 'en', leadDigest: 'weekly', roles: ['lead'] });
      expect(changed.body.organisation.id).toBe(org);
      expect((await patchMe(lead.token, { leadDigest: 'off' })).body.user).toMatchObject({ preferredLocale: 'en', leadDigest: 'off' });
      expect((await patchMe(lead.token, {})).body.user).toMatchObject({ preferredLocale: 'en', leadDigest: 'off' });
      expect((await me(lead.token)).body.user).toMatchObject({ preferredLocale: 'en', leadDigest: 'off' });
      // The admin sees the choice too.
      expect((await t.http.get(`${API}/users/${lead.id}`).set(bearer(admin))).body.leadDigest).toBe('off');
    });

    it('refuses values it does not know and everything an admin decides (roles, capacity, activity): 400 naming each', async () => {
      const counsellor = await t.createUser(org, ['counsellor']);
      expectFieldError(await patchMe(counsellor.token, { leadDigest: 'hourly' }), 'leadDigest');
      expectFieldError(await patchMe(counsellor.token, { preferredLocale: 'fr' }), 'preferredLocale');
      for (const [field, value] of [
        ['roles', ['counsellor', 'coordinator']],
        ['caseCapacity', 500],
        ['active', true],
        ['displayName', 'Jemand anderes'],
        ['email', 'other@example.org'],
      ] as const) {
        expectFieldError(await patchMe(counsellor.token, { [field]: value }), field);
      }
      const { user } = (await me(counsellor.token)).body;
      expect(user).toMatchObject({ roles: ['counsellor'], caseCapacity: 30, active: true, preferredLocale: 'de', leadDigest: 'daily' });
    });

    it('needs a token (401)', async () => {
      expectProblem(await patchMe(undefined, { leadDigest: 'weekly' }), 401);
    });
  });

  describe('password change by an admin', () => {
    // An admin resets the password of a possibly compromised account: existing sessions must end.
    it("ends the user's existing sessions: the refresh token from before is refused", async () => {
      const user = await t.createUser(org, ['counsellor']);
      const before = await t.login(user.email);
      const changed = await patchUser(admin, user.id, { password: 'neues passwort fuer den winter' });
      expect(changed.status).toBe(200);
      expect(JSON.stringify(changed.body)).not.toMatch(/passwordHash|\$argon2/i);

      expectProblem(await refresh(before.refreshToken), 401, '/problems/unauthenticated');
      expectProblem(await login(user.email, TEST_PASSWORD), 401);
      expect((await login(user.email, 'neues passwort fuer den winter')).status).toBe(200);
      // The owner learns that an admin changed it: a take-over does not go unnoticed.
      expect(await passwordChangedNotices(user.id)).toEqual([{ by: 'admin' }]);
    });
  });

  describe('role changes', () => {
    it("removing org_admin takes effect on that user's next request (403 on POST /users)", async () => {
      const other = await t.createUser(org, ['org_admin']);
      const body = () => ({
        email: uniqueEmail('new'),
        displayName: 'Neue Kollegin',
        password: 'ein langer satz als passwort',
        roles: ['counsellor'],
      });
      expect((await createUserViaApi(other, body())).status).toBe(201);

      const demoted = await patchUser(admin, other.id, { roles: ['counsellor'] });
      expect(demoted.status).toBe(200);
      expect(demoted.body.roles).toEqual(['counsellor']);

      const res = await createUserViaApi(other, body());
      expectProblem(res, 403, '/problems/forbidden');
      expectProblem(await patchUser(other, admin.id, { roles: ['counsellor'] }), 403);
      const meRes = await me(other.token);
      expect(meRes.status).toBe(200);
      expect(meRes.body.user.roles).toEqual(['counsellor']);
    });
  });

  describe('access token checks', () => {
    let user: TestUser;
    let claims: { sub: string; sid: string };
    const secret = () => t.environment.JWT_SECRET;
    const sign = (payload: object, options: jwt.SignOptions = {}, key: string = secret()) =>
      jwt.sign(payload, key, { algorithm: 'HS256', audience: AUDIENCE, issuer: ISSUER, expiresIn: 60, ...options });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

    beforeAll(async () => {
      user = await t.createUser(org, ['counsellor']);
      const decoded = jwt.decode(user.token) as { sub: string; sid: string; typ: string; aud: string; iss: string };
      expect(decoded).toEqual(
        expect.objectContaining({ sub: user.id, sid: expect.any(String), typ: 'access', aud: AUDIENCE, iss: ISSUER }),
      );
      claims = { sub: decoded.sub, sid: decoded.sid };
    });

    it('accepts a correctly built token (control for the cases below)', async () => {
      const res = await me(sign({ ...claims, typ: 'access' }));
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(user.id);
    });

    it('refuses a token signed with another secret', async () => {
      const token = sign({ ...claims, typ: 'access' }, {}, `another-secret-${randomBytes(24).toString('hex')}`);
      expectProblem(await me(token), 401, '/problems/unauthenticated');
    });

    it('refuses an unsigned token (alg: none)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const payload = { ...claims, typ: 'access', aud: AUDIENCE, iss: ISSUER, iat: now, exp: now + 60 };
      expectProblem(await me(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`), 401, '/problems/unauthenticated');
      // Also with the original signature left in place.
      const signature = sign({ ...claims, typ: 'access' }).split('.')[2];
      expectProblem(await me(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.${signature}`), 401);
    });

    it('refuses an algorithm outside the allowlist, even with the right secret (HS384)', async () => {
      expectProblem(await me(sign({ ...claims, typ: 'access' }, { algorithm: 'HS384' })), 401, '/problems/unauthenticated');
    });

    it('refuses a wrong audience or issuer', async () => {
      expectProblem(await me(sign({ ...claims, typ: 'access' }, { audience: 'some-other-api' })), 401, '/problems/unauthenticated');
      expectProblem(await me(sign({ ...claims, typ: 'access' }, { issuer: 'someone-else' })), 401);
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = jwt.sign({ ...claims, typ: 'access', iat: now - 600, exp: now - 300 }, secret(), {
        algorithm: 'HS256',
        audience: AUDIENCE,
        issuer: ISSUER,
      });
      expectProblem(await me(token), 401, '/problems/unauthenticated');
    });

    it('refuses a correctly signed token without an expiry, or living longer than ours, or issued in the future', async () => {
      const now = Math.floor(Date.now() / 1000);
      const signRaw = (payload: object) => jwt.sign(payload, secret(), { algorithm: 'HS256', audience: AUDIENCE, issuer: ISSUER });
      const ttl = t.environment.ACCESS_TOKEN_TTL_SECONDS;
      // Control: the longest lifetime we issue.
      expect((await me(signRaw({ ...claims, typ: 'access', iat: now, exp: now + ttl }))).status).toBe(200);
      expectProblem(await me(signRaw({ ...claims, typ: 'access', iat: now })), 401, '/problems/unauthenticated');
      expectProblem(await me(signRaw({ ...claims, typ: 'access', iat: now, exp: now + ttl + 1 })), 401);
      expectProblem(await me(signRaw({ ...claims, typ: 'access', iat: now, exp: now + 30 * 86_400 })), 401);
      expectProblem(await me(signRaw({ ...claims, typ: 'access', iat: now + 3600, exp: now + 3600 + ttl })), 401);
      const withoutIssueTime = jwt.sign({ ...claims, typ: 'access', exp: now + 60 }, secret(), {
        algorithm: 'HS256',
        audience: AUDIENCE,
        issuer: ISSUER,
        noTimestamp: true,
      });
      expectProblem(await me(withoutIssueTime), 401);
    });

    it('refuses a correctly signed token whose typ is not access', async () => {
      expectProblem(await me(sign({ ...claims, typ: 'refresh' })), 401, '/problems/unauthenticated');
      expectProblem(await me(sign({ ...claims })), 401);
    });

    it('refuses a missing, malformed or non-bearer Authorization header', async () => {
      expectProblem(await t.http.get(`${API}/me`), 401, '/problems/unauthenticated');
      expectProblem(await t.http.get(`${API}/me`).set('Authorization', 'Bearer not.a.jwt'), 401);
      expectProblem(await t.http.get(`${API}/me`).set('Authorization', user.token), 401);
      expectProblem(
        await t.http.get(`${API}/me`).set('Authorization', `Basic ${Buffer.from(`${user.email}:${TEST_PASSWORD}`).toString('base64')}`),
        401,
      );
    });
  });

  describe('password rules when an org admin creates a user', () => {
    const body = (password: string) => ({ email: uniqueEmail('created'), displayName: 'Neuer Kollege', password, roles: ['counsellor'] });

    it.each(['password123', 'Password123', 'qwertyuiop'])('refuses the common password %s with 400 on field password', async (password) => {
      expectFieldError(await createUserViaApi(admin, body(password)), 'password');
    });

    it('refuses a 7-character password with 400 on field password', async () => {
      expectFieldError(await createUserViaApi(admin, body('kz7!Lq#')), 'password');
    });

    it('accepts a 20-character passphrase (201), and the new user can sign in with it', async () => {
      const passphrase = 'lindenauer hafen 24!';
      expect([...passphrase]).toHaveLength(20);
      const input = body(passphrase);
      const res = await createUserViaApi(admin, input);
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({ id: expect.any(String), organisationId: org, email: input.email, roles: ['counsellor'], active: true }),
      );
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|password_hash|\$argon2|lindenauer/i);

      const signIn = await login(input.email, passphrase);
      expect(signIn.status).toBe(200);
      expect(signIn.body.user.id).toBe(res.body.id);
    });

    // This app has no SMTP_URL: an invitation or a password link could never arrive.
    it('refuses a user without a password, and a password link, with 422 when no e-mail server is configured', async () => {
      const { password: _none, ...withoutPassword } = body('');
      const refused = await createUserViaApi(admin, withoutPassword);
      expectProblem(refused, 422, '/problems/email-not-configured');
      expect(refused.body.detail).toMatch(/password-link <email>/);
      expect(await t.dataSource.query(`SELECT 1 FROM users WHERE email = $1`, [withoutPassword.email])).toEqual([]);

      const user = await t.createUser(org, ['counsellor']);
      expectProblem(
        await t.http.post(`${API}/users/${user.id}/password-link`).set(auth(admin.token)).send(),
        422,
        '/problems/email-not-configured',
      );
      expect(await t.dataSource.query(`SELECT 1 FROM password_links WHERE user_id = $1`, [user.id])).toEqual([]);
    });
  });
});

describe('auth: throttle per network address (3 failures)', () => {
  let t: TestApp;
  const { login } = helpers(() => t);

  beforeAll(async () => {
    t = await TestApp.start({ ...SETTINGS, LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers 429 after failures across different e-mails, also for a correct sign-in from that address', async () => {
    const org = await t.createOrganisation();
    const user = await t.createUser(org, ['counsellor']);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expectProblem(await login(uniqueEmail(`spray${attempt}`), 'Sommer2024!'), 401);
    }

    const next = await login(uniqueEmail('spray4'), 'Sommer2024!');
    expectProblem(next, 429, '/problems/too-many-requests');
    expectRetryAfter(next, 900);

    const genuine = await login(user.email, TEST_PASSWORD);
    expectProblem(genuine, 429, '/problems/too-many-requests');
    expect(JSON.stringify(genuine.body)).not.toMatch(/accessToken/);
  });
});

describe('auth: a lockout cannot keep an owner out from where it signs in (3 failures, 2 s, behind a proxy)', () => {
  let t: TestApp;
  const OFFICE = '192.0.2.10';
  const ELSEWHERE = '198.51.100.7';
  const TRAVELLING = '203.0.113.20';
  const loginFrom = (address: string, email: string, password: string = TEST_PASSWORD) =>
    t.http.post(`${API}/auth/login`).set('X-Forwarded-For', address).send({ email, password });

  beforeAll(async () => {
    // One proxy in front: the test client plays it, so the last X-Forwarded-For entry is the caller.
    t = await TestApp.start({ ...SETTINGS, TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("locks the account for new addresses and the attacker's own, not for the address its owner signed in from", async () => {
    const org = await t.createOrganisation();
    const owner = await t.createUser(org, ['counsellor']);
    expect((await loginFrom(OFFICE, owner.email)).status).toBe(200);
    for (let attempt = 1; attempt <= 3; attempt++) expectProblem(await loginFrom(ELSEWHERE, owner.email, `guess ${attempt}`), 401);

    // The attacker is locked out, and so is any address the account never signed in from.
    expectProblem(await loginFrom(ELSEWHERE, owner.email), 429, '/problems/too-many-requests');
    const travelling = await loginFrom(TRAVELLING, owner.email);
    expectProblem(travelling, 429, '/problems/too-many-requests');
    expectRetryAfter(travelling, 2);
    // The owner at the office is not: the lock cannot be used to keep it out.
    const office = await loginFrom(OFFICE, owner.email);
    expect(office.status).toBe(200);
    expect(office.body.user.id).toBe(owner.id);
  });

  it('still locks an address out of an account after its own failures, also an address the account knows', async () => {
    const org = await t.createOrganisation();
    const owner = await t.createUser(org, ['counsellor']);
    expect((await loginFrom(OFFICE, owner.email)).status).toBe(200);
    for (let attempt = 1; attempt <= 3; attempt++) expectProblem(await loginFrom(OFFICE, owner.email, `guess ${attempt}`), 401);
    expectProblem(await loginFrom(OFFICE, owner.email), 429, '/problems/too-many-requests');
    // After the lockout it opens again.
    await sleep(2_150);
    expect((await loginFrom(OFFICE, owner.email)).status).toBe(200);
  });
});
