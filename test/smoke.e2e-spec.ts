import { TestApp, bearer } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('logs in and reads /me', async () => {
    const org = await t.createOrganisation();
    const user = await t.createUser(org, ['counsellor']);
    const res = await t.http.get('/api/v1/me').set(bearer(user));
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(user.id);
  });
});
