import fc from 'fast-check';
import { createCase, createHandoff, createNetwork, createNotification, type TestNetwork } from './support/network';
import { TestApp, type TestUser } from './support/test-app';

/**
 * Schema-driven bad input for every documented operation: malformed ids, query values and bodies
 * must give a 4xx application/problem+json with a specific message, never a 5xx.
 */

interface Schema {
  type?: string;
  $ref?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const NONEXISTENT_ID = '0b4e7a0e-5d3c-4f1a-9b2e-7c6d5e4f3a21';

function wrongValueFor(schema: Schema): unknown {
  if (schema.enum) return 'definitely-not-an-allowed-value';
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not an array';
    case 'object':
    case undefined:
      return 42;
  }
  return 42;
}

describe('bad input on every route', () => {
  let t: TestApp;
  let network: TestNetwork;
  let document: Document;
  /** Holds every role, so that each route's rules let it through to input validation. */
  let everyRole: TestUser;
  const fixtures = { caseId: '', handoffId: '', notificationId: '' };
  const operations: { method: string; path: string; operation: Operation }[] = [];

  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf)
      return schema.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
    return schema;
  };

  /** Ids of existing objects the caller may act on, so that only the bad part of a request is bad. */
  const idFor = (path: string): string => {
    if (path.startsWith('/api/v1/organisations/') || path.startsWith('/api/v1/dashboards/organisations/')) return network.orgA;
    if (path.startsWith('/api/v1/services/')) return network.serviceA;
    if (path.startsWith('/api/v1/users/')) return network.targetUserA;
    if (path.startsWith('/api/v1/cases/')) return fixtures.caseId;
    if (path.startsWith('/api/v1/handoffs/')) return fixtures.handoffId;
    if (path.startsWith('/api/v1/notifications/')) return fixtures.notificationId;
    if (path.startsWith('/api/v1/reference/domains/')) return 'housing';
    if (path.startsWith('/api/v1/reference/districts/')) return 'mitte';
    if (path.startsWith('/api/v1/reference/languages/')) return 'ar';
    throw new Error(`no fixture id for ${path}`);
  };
  const withId = (path: string, id?: string) => (/\{\w+\}/.test(path) ? path.replace(/\{\w+\}/, id ?? idFor(path)) : path);

  const send = async (
    method: string,
    path: string,
    options: { query?: string; body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string> } = {},
  ) => {
    const token = method === 'post' && path.endsWith('/auth/logout') ? (await t.login(everyRole.email)).accessToken : everyRole.token;
    const agent = t.http as unknown as Record<string, (url: string) => import('supertest').Test>;
    let call = agent[method](`${path}${options.query ? `?${options.query}` : ''}`)
      .set('Authorization', `Bearer ${token}`)
      .set(options.headers ?? {});
    if (options.raw !== undefined) call = call.set('Content-Type', options.contentType ?? 'application/json').send(options.raw);
    else if (options.body !== undefined) call = call.set('Content-Type', 'application/json').send(JSON.stringify(options.body));
    return call;
  };

  const expectClientError = (
    response: { status: number; headers: Record<string, string>; body: { detail?: string }; req?: { method: string; path: string } },
    status?: number | number[],
  ) => {
    if (response.status < 400 || response.status >= 500 || (status !== undefined && ![status].flat().includes(response.status))) {
      throw new Error(
        `${response.req?.method} ${response.req?.path} answered ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`,
      );
    }
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    if (status !== undefined) expect([status].flat()).toContain(response.status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toEqual(expect.any(String));
  };

  const expectControlCharacterRefused = (
    response: Parameters<typeof expectClientError>[0] & { body: { errors?: unknown } },
    field: string,
  ) => {
    expectClientError(response, 400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([{ field, message: expect.stringMatching(/^must not contain control characters or broken Unicode \(U\+/) }]),
    );
  };

  beforeAll(async () => {
    t = await TestApp.start({
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '100000',
    });
    network = await createNetwork(t);
    everyRole = await t.createUser(network.orgA, ['counsellor', 'lead', 'org_admin', 'coordinator']);
    fixtures.caseId = (await createCase(t, everyRole)).id;
    fixtures.handoffId = (await createHandoff(t, network.counsellorC, network.orgA)).id;
    fixtures.notificationId = await createNotification(t, everyRole);
    document = (await t.http.get('/api/docs-json')).body as Document;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) operations.push({ method, path, operation });
    }
  });

  afterAll(async () => {
    await t.stop();
  });

  it('finds the documented operations', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('documents the errors the tests below provoke: 400 everywhere, 404 with a path id, 409 and 422 with an Idempotency-Key, all problem+json', () => {
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    expect(document.components.schemas.Problem).toEqual(expect.objectContaining({ required: ['type', 'title', 'status'] }));
    for (const { method, path, operation } of operations) {
      const declared = (status: string) => ({ route: `${method} ${path}`, status, response: operation.responses[status] });
      // Every route: one without input refuses a query string or body it does not take.
      const expected: string[] = ['400'];
      if (/\{\w+\}/.test(path)) expected.push('404');
      if ((operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) expected.push('409', '422');
      for (const status of expected) {
        expect(declared(status)).toEqual({ route: `${method} ${path}`, status, response: expect.objectContaining({ content: problem }) });
      }
      for (const status of Object.keys(operation.responses).filter((s) => Number(s) >= 400)) {
        expect(declared(status)).toEqual({ route: `${method} ${path}`, status, response: expect.objectContaining({ content: problem }) });
      }
    }
  });

  it('answers 400 for malformed ids and 404 for unknown ones', async () => {
    for (const { method, path } of operations.filter((o) => /\{\w+\}/.test(o.path))) {
      // A case may also be looked up by its code: a malformed one is simply not found. A reference
      // code is a word: "not-a-uuid" is a well-formed unknown one.
      const byCode = path.includes('{idOrCode}') || path.includes('{code}');
      const malformed = byCode ? [400, 404] : 400;
      const notAnId = await send(method, withId(path, 'not-a-uuid'), { body: {} });
      expectClientError(notAnId, malformed);
      // Named like any other invalid field.
      if (!byCode) expect(notAnId.body.errors).toEqual([{ field: /\{(\w+)\}/.exec(path)![1], message: 'must be a UUID' }]);
      expectClientError(await send(method, withId(path, "1' OR '1'='1"), { body: {} }), malformed);
      // A create under an unknown parent may fail validation of the empty body first.
      const unknown = path.includes('{code}') ? 'zzz' : NONEXISTENT_ID;
      expectClientError(await send(method, withId(path, unknown), { body: {} }), method === 'post' ? [400, 404] : 404);
    }
  });

  it('answers 400 naming a query parameter or body field that a route does not take, also where it takes none', async () => {
    const unknownField = (field: string) => ({ field, message: 'is not a known field' });
    const withoutQuery = operations.filter((o) => !o.operation.parameters?.some((p) => p.in === 'query'));
    expect(withoutQuery.length).toBeGreaterThanOrEqual(20);
    for (const { method, path } of withoutQuery) {
      const response = await send(method, withId(path), { query: 'limit=5', body: {} });
      expectClientError(response, 400);
      expect({ route: `${method} ${path}`, errors: response.body.errors }).toEqual({
        route: `${method} ${path}`,
        errors: expect.arrayContaining([unknownField('limit')]),
      });
    }
    const withoutBody = operations.filter((o) => o.method !== 'get' && !o.operation.requestBody);
    expect(withoutBody.length).toBeGreaterThanOrEqual(3);
    for (const { method, path } of withoutBody) {
      const response = await send(method, withId(path), { body: { reason: 'x' } });
      expectClientError(response, 400);
      expect({ route: `${method} ${path}`, errors: response.body.errors }).toEqual({
        route: `${method} ${path}`,
        errors: [unknownField('reason')],
      });
      expectClientError(await send(method, withId(path), { raw: '"text"' }), 400);
    }
    // Who has no token learns that first, not which parameters a route takes.
    expect((await t.http.get('/api/v1/me?limit=5')).status).toBe(401);
    // An empty one counts as not given, as everywhere.
    expect((await send('get', '/api/v1/me', { query: 'limit=' })).status).toBe(200);
  });

  it('answers 400 for unknown, wrongly typed and oversized query parameters', async () => {
    const withQuery = operations.filter((o) => o.method === 'get' && o.operation.parameters?.some((p) => p.in === 'query'));
    expect(withQuery.length).toBeGreaterThanOrEqual(4);
    for (const { method, path, operation } of withQuery) {
      const concrete = withId(path);
      expectClientError(await send(method, concrete, { query: 'unknownParameter=1' }), 400);
      for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'query')) {
        const schema = resolve(parameter.schema);
        const wrong =
          schema.type === 'integer' || schema.type === 'number' ? ['abc', '-1', '1e12'] : [encodeURIComponent('x'.repeat(5000))];
        if (schema.enum) wrong.push('bogus');
        for (const value of wrong) expectClientError(await send(method, concrete, { query: `${parameter.name}=${value}` }), 400);
        if (schema.type === 'string' && !schema.enum)
          expectControlCharacterRefused(await send(method, concrete, { query: `${parameter.name}=a%00b` }), parameter.name);
      }
    }
  });

  it('answers 400 for malformed, unknown, wrongly typed and oversized body fields', async () => {
    for (const { method, path, operation } of operations.filter((o) => o.operation.requestBody)) {
      const concrete = withId(path);
      const schema = resolve(operation.requestBody!.content['application/json'].schema);
      expectClientError(await send(method, concrete, { raw: '{"unterminated": ' }), 400);
      for (const body of [null, [], 'text', 42]) expectClientError(await send(method, concrete, { body }), 400);
      expectClientError(await send(method, concrete, { body: { unknownField: 'x' } }), 400);
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const response = await send(method, concrete, { body: { [name]: wrongValueFor(resolve(property)) } });
        expectClientError(response, 400);
        expect(JSON.stringify(response.body.errors ?? response.body.detail)).toContain(name);
        // Each message reads once with its field's name in front, not twice ("ageBand ageBand must be …").
        expect(response.body.detail).not.toContain(`${name} ${name} `);
        if (resolve(property).type === 'string') {
          expectClientError(await send(method, concrete, { body: { [name]: 'x'.repeat(20000) } }), [400, 401]);
          // Postgres refuses NUL in text: it must be a 400 naming the field before it gets there.
          for (const broken of ['a\u0000b', 'a\u0007b', 'a\ud800b'])
            expectControlCharacterRefused(await send(method, concrete, { body: { [name]: broken } }), name);
        }
      }
      expectClientError(await send(method, concrete, { raw: JSON.stringify({ padding: 'x'.repeat(200_000) }) }), 413);
    }
  });

  it('takes JSON only: a body of another media type gets 415, whatever it holds', async () => {
    for (const { method, path } of operations.filter((o) => o.operation.requestBody)) {
      const concrete = withId(path);
      for (const [contentType, raw] of [
        ['text/plain', '{"preferredLocale":"en"}'],
        ['application/x-www-form-urlencoded', 'preferredLocale=en&email=a%40b.de'],
        ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n'],
      ]) {
        const response = await send(method, concrete, { raw, contentType });
        expectClientError(response, 415);
        expect(response.body.detail).toBe('Send the request body as application/json.');
      }
    }
    expect((await send('get', '/api/v1/me')).body.user.preferredLocale).toBe('de');
    // An empty body of another type is no body, as a form or a beacon sends a POST without fields.
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
      expect((await send('post', '/api/v1/notifications/read-all', { raw: '', contentType })).status).toBe(200);
      expect((await send('patch', '/api/v1/me', { raw: '', contentType })).status).toBe(200);
    }
  });

  it('refuses bodies nested deeper than any route takes with 400, from a few levels to the body limit, never 500', async () => {
    const nested = (levels: number, inner = '{}') => '{"a":'.repeat(levels) + inner + '}'.repeat(levels);
    const arrays = (levels: number) => `{"a":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    // The idempotency key makes the creating routes fingerprint the body before it is validated.
    const headers = { 'Idempotency-Key': 'deep-nesting-1' };
    for (const { method, path } of operations.filter((o) => o.operation.requestBody)) {
      const concrete = withId(path);
      for (const raw of [nested(20), nested(3000), arrays(5000), nested(16_000)]) {
        const response = await send(method, concrete, { raw, headers });
        expectClientError(response, 400);
        expect(response.body.detail).toBe('The request body nests objects or arrays more than 16 levels deep.');
      }
    }
    // The edge: objects 16 levels deep (the body's own included) pass to validation, 17 do not.
    const atLimit = await send('patch', '/api/v1/me', { raw: nested(15) });
    expectClientError(atLimit, 400);
    expect(atLimit.body.errors).toEqual([{ field: 'a', message: 'is not a known field' }]);
    expect((await send('patch', '/api/v1/me', { raw: nested(16) })).body.detail).toBe(
      'The request body nests objects or arrays more than 16 levels deep.',
    );
    // Signed out too, on the sign-in route.
    const login = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(nested(5000));
    expectClientError(login, 400);
  });

  it('lists at most 20 problems, and says how many more there are', async () => {
    const body = Object.fromEntries(Array.from({ length: 5000 }, (_, index) => [`unknown${index}`, index]));
    const response = await send('patch', '/api/v1/me', { body });
    expectClientError(response, 400);
    expect(response.body.errors).toHaveLength(20);
    expect(response.body.detail).toMatch(/; and 4980 more$/);
    expect(JSON.stringify(response.body).length).toBeLessThan(3000);
  });

  it('never answers 5xx to random JSON bodies (property-based)', async () => {
    const writes = operations.filter((o) => o.operation.requestBody);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), fc.jsonValue({ maxDepth: 3 }), async ({ method, path }, body) => {
        const concrete = withId(path);
        const response = await send(method, concrete, { raw: JSON.stringify(body) });
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 150, seed: 20261126 },
    );
  });
});
