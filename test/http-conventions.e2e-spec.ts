import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACTED_PATHS } from '@app/core';
import { bearer, TestApp } from './support/test-app';

describe('HTTP conventions', () => {
  let t: TestApp;
  /** Every line the API logged, parsed. */
  const logged: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    // As createLogger builds it, into the sink.
    const logger = pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    t = await TestApp.start({ LOG_LEVEL: 'info' }, { logger });
  });

  it('logs one line per request: method, path without its query, status, caller; never a token, password or query text', async () => {
    const organisation = await t.createOrganisation();
    const user = await t.createUser(organisation, ['counsellor']);
    const listed = await t.http.get('/api/v1/cases?q=Amira%20Khalil&limit=5').set(bearer(user));
    expect(listed.status).toBe(200);
    const refused = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'mein geheimes falsches Passwort' });
    expect(refused.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const requestId = listed.headers['x-request-id'];
    expect(logged.filter((line) => line.reqId === requestId)).toEqual([
      expect.objectContaining({
        msg: 'request',
        method: 'GET',
        path: '/api/v1/cases',
        status: 200,
        ip: expect.stringMatching(/127\.0\.0\.1$/),
        userId: user.id,
        organisationId: organisation,
        ms: expect.any(Number),
      }),
    ]);
    const everything = JSON.stringify(logged);
    for (const secret of [user.token, 'Amira', 'geheimes', 'Bearer ']) expect(everything).not.toContain(secret);
  });

  afterAll(async () => {
    await t.stop();
  });

  it('answers unknown routes with a problem+json 404', async () => {
    const response = await t.http.get('/api/v1/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: '/problems/not-found', status: 404, title: 'Not found' });
  });

  it("answers the router's own refusals (an overlong path part, a broken URL) with problem+json, not echoing the path", async () => {
    const overlong = await t.http.get(`/api/v1/users/${'x'.repeat(101)}`);
    expect(overlong.status).toBe(414);
    expect(overlong.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(overlong.body).toMatchObject({ type: '/problems/uri-too-long', status: 414 });
    expect(JSON.stringify(overlong.body)).not.toContain('xxxx');
    const broken = await t.http.get('/api/v1/cases/%E0%A4%A');
    expect(broken.status).toBe(400);
    expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(broken.body).toMatchObject({ type: '/problems/bad-url', status: 400 });
  });

  it('refuses a body with a __proto__ key with 400 saying so, not only "not valid JSON"', async () => {
    const response = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"__proto__": {"admin": true}}');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toContain('"__proto__"');
  });

  it('answers a caller without a valid token 401 before saying anything about its body', async () => {
    const organisation = await t.createOrganisation();
    const user = await t.createUser(organisation, ['counsellor']);
    const unreadable: [contentType: string, raw: string, status: number][] = [
      ['application/json', '{"text": "Termin', 400],
      ['application/json', '{"__proto__": {"admin": true}}', 400],
      ['application/json', '{"a":'.repeat(40) + '{}' + '}'.repeat(40), 400],
      ['text/plain', 'Termin am Dienstag', 415],
    ];
    for (const [contentType, raw, status] of unreadable) {
      const post = (token?: string) => {
        const request = t.http.post('/api/v1/cases').set('Content-Type', contentType);
        return (token ? request.set('Authorization', `Bearer ${token}`) : request).send(raw);
      };
      for (const signedOut of [await post(), await post('not-a-token')]) {
        expect(signedOut.status).toBe(401);
        expect(signedOut.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
      const signedIn = await post(user.token);
      expect(signedIn.status).toBe(status);
      expect(signedIn.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // The sign-in route takes no token: its body is refused at once.
    const login = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(login.status).toBe(400);
  });

  it('sends security headers and forbids caching of API responses', async () => {
    for (const response of [
      await t.http.get('/api/v1/reference/domains'),
      await t.http.get('/api/v1/no-such-thing'),
      await t.http.get(`/api/v1/users/${'x'.repeat(101)}`),
    ]) {
      expect(response.headers).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        // A JSON answer never loads, runs or frames anything.
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
    }
  });

  it("gives the OpenAPI UI's page helmet's document headers, with a policy its scripts and styles work under", async () => {
    const page = await t.http.get('/api/docs');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(page.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'x-frame-options': 'SAMEORIGIN',
    });
  });

  it('keeps CORS closed by default', async () => {
    const preflight = await t.http
      .options('/api/v1/organisations')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const simple = await t.http.get('/api/v1/reference/domains').set('Origin', 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes a well-formed request id and makes one up otherwise', async () => {
    const given = await t.http.get('/api/v1/health/live').set('X-Request-Id', 'trace-1234567890');
    expect(given.headers['x-request-id']).toBe('trace-1234567890');
    const injected = await t.http.get('/api/v1/health/live').set('X-Request-Id', 'bad id\twith tabs');
    expect(injected.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document with bearer auth and the UI', async () => {
    const json = await t.http.get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(json.body.paths['/api/v1/organisations'].get.security).toEqual([{ bearer: [] }]);
    expect(json.body.paths['/api/v1/directory/services'].get.security).toBeUndefined();
    // Every operation says in a line what it does: the UI lists them by that line.
    const unsummarised = Object.entries(json.body.paths as Record<string, Record<string, { summary?: string }>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => !operation.summary?.trim())
          .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(unsummarised).toEqual([]);
    // A property a client cannot type (an "object" with nothing in it) is a TypeScript union the generator could not read.
    const untyped = Object.entries(
      json.body.components.schemas as Record<string, { properties?: Record<string, Record<string, unknown>> }>,
    ).flatMap(([schema, { properties = {} }]) =>
      Object.entries(properties)
        .filter(
          ([, property]) =>
            property.type === 'object' && !['properties', 'additionalProperties', 'allOf', 'oneOf', '$ref'].some((key) => key in property),
        )
        .map(([name]) => `${schema}.${name}`),
    );
    expect(untyped).toEqual([]);
    const idempotencyKey = json.body.paths['/api/v1/cases'].post.parameters.find((p: { name: string }) => p.name === 'Idempotency-Key');
    expect(idempotencyKey).toMatchObject({ in: 'header', required: false, schema: { pattern: '^[A-Za-z0-9_.:-]{8,128}$' } });
    // The network dashboard picks one month: its bounds say so, not the 90-day default of the organisation's.
    const networkFrom = json.body.paths['/api/v1/dashboards/network'].get.parameters.find((p: { name: string }) => p.name === 'from');
    expect(networkFrom.description).not.toMatch(/90 days/);
    const ui = await t.http.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('reports readiness, and 503 naming the database while a migration is missing', async () => {
    expect((await t.http.get('/api/v1/health/ready')).body).toEqual({ ready: true, checks: { database: 'up', redis: 'up' } });
    const [last] = await t.dataSource.query('SELECT id, timestamp, name FROM schema_migrations ORDER BY id DESC LIMIT 1');
    await t.dataSource.query('DELETE FROM schema_migrations WHERE id = $1', [last.id]);
    try {
      const response = await t.http.get('/api/v1/health/ready');
      expect(response.status).toBe(503);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body).toEqual(
        expect.objectContaining({
          status: 503,
          detail: 'Not ready: database migrations-pending.',
          checks: { database: 'migrations-pending', redis: 'up' },
        }),
      );
    } finally {
      await t.dataSource.query('INSERT INTO schema_migrations (id, timestamp, name) VALUES ($1, $2, $3)', [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
    // A database nothing was ever migrated on has no schema_migrations table: that too is "migrations pending", not "down".
    await t.dataSource.query('ALTER TABLE schema_migrations RENAME TO schema_migrations_hidden');
    try {
      expect((await t.http.get('/api/v1/health/ready')).body.checks).toEqual({ database: 'migrations-pending', redis: 'up' });
    } finally {
      await t.dataSource.query('ALTER TABLE schema_migrations_hidden RENAME TO schema_migrations');
    }
    expect((await t.http.get('/api/v1/health/live')).body).toEqual({ status: 'up' });
  });
});
