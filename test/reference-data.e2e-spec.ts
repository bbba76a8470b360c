import { TestApp, bearer, type TestUser } from './support/test-app';

/**
 * The coordinator keeps the network's vocabularies (domains, districts, languages): it adds codes and
 * renames them; codes never change, so what cases, services and hand-offs hold stays valid.
 */

const API = '/api/v1';

describe('reference data kept by the coordinator', () => {
  let t: TestApp;
  let coordinator: TestUser;
  let counsellor: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    coordinator = await t.createUser(await t.createOrganisation({ kind: 'city_department', name: 'Referat Migration' }), ['coordinator']);
    counsellor = await t.createUser(await t.createOrganisation(), ['counsellor']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const post = (path: string, body: object) => t.http.post(`${API}/reference/${path}`).set(bearer(coordinator)).send(body);
  const patch = (path: string, body: object) => t.http.patch(`${API}/reference/${path}`).set(bearer(coordinator)).send(body);
  const codes = async (kind: string) =>
    ((await t.http.get(`${API}/reference/${kind}`)).body as { code: string }[]).map((entry) => entry.code);

  it('adds a domain that everyone lists at once and counsellors can use for a case', async () => {
    const created = await post('domains', { code: 'digital_access', nameDe: 'Digitale Teilhabe', nameEn: 'Digital access' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ code: 'digital_access', nameDe: 'Digitale Teilhabe', active: true }));
    // Without a position it goes last.
    const listed = await codes('domains');
    expect(listed.at(-1)).toBe('digital_access');

    const opened = await t.http
      .post(`${API}/cases`)
      .set(bearer(counsellor))
      .send({ needs: ['digital_access'] });
    expect(opened.status).toBe(201);
    expect(opened.body.needs).toEqual(['digital_access']);
  });

  it('renames a code without changing it, and records both changes for the coordinator to read', async () => {
    expect((await post('languages', { code: 'kab', nameEn: 'Kabyle', nameDe: 'Kabylisch', nativeName: 'Taqbaylit' })).status).toBe(201);
    const renamed = await patch('languages/kab', { nameDe: 'Kabylische Sprache' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ code: 'kab', nameEn: 'Kabyle', nameDe: 'Kabylische Sprache', nativeName: 'Taqbaylit' });
    const listed = (await t.http.get(`${API}/reference/languages`)).body as { code: string; nameDe: string }[];
    expect(listed.find((language) => language.code === 'kab')?.nameDe).toBe('Kabylische Sprache');

    const audit = await t.http.get(`${API}/audit?limit=200`).set(bearer(coordinator));
    expect(audit.status).toBe(200);
    const entries = (audit.body.items as { action: string; details: Record<string, unknown> }[]).filter((entry) =>
      entry.action.startsWith('reference.'),
    );
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'reference.created', details: expect.objectContaining({ kind: 'languages', code: 'kab' }) }),
        expect.objectContaining({
          action: 'reference.updated',
          details: { kind: 'languages', code: 'kab', fields: ['nameDe'] },
        }),
      ]),
    );
  });

  it('renames a language whose code has a region (sgn-de), and creates one code once when asked twice at once', async () => {
    expect((await patch('languages/sgn-de', { nameEn: 'German Sign Language' })).status).toBe(200);
    const body = { code: 'ff', nameEn: 'Fula', nameDe: 'Ful', nativeName: 'Fulfulde' };
    const answers = await Promise.all([post('languages', body), post('languages', { ...body, nameDe: 'Fulfulde' })]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const created = answers.find((answer) => answer.status === 201)!;
    const listed = ((await t.http.get(`${API}/reference/languages`)).body as { code: string; nameDe: string }[]).filter(
      (language) => language.code === 'ff',
    );
    expect(listed).toEqual([expect.objectContaining({ nameDe: created.body.nameDe })]);
  });

  it('adds a locality under its district only, and a district without a parent', async () => {
    expect(
      (await post('districts', { code: 'neustadt', name: 'Neustadt-Neuschönefeld', kind: 'locality', parentCode: 'ost' })).status,
    ).toBe(201);
    for (const wrong of [
      { code: 'ohne', name: 'Ohne Bezirk', kind: 'locality' },
      { code: 'unter', name: 'Unter Ortsteil', kind: 'locality', parentCode: 'neustadt' },
      { code: 'bezirk', name: 'Bezirk mit Eltern', kind: 'district', parentCode: 'ost' },
    ]) {
      const res = await post('districts', wrong);
      expect({ status: res.status, fields: res.body.errors?.map((error: { field: string }) => error.field) }).toEqual({
        status: 400,
        fields: ['parentCode'],
      });
    }
    expect(await codes('districts')).toEqual(expect.arrayContaining(['neustadt']));
    expect(await codes('districts')).not.toEqual(expect.arrayContaining(['ohne']));
  });

  it('refuses a code that exists (409), a malformed one (400) and a change of the code itself (400)', async () => {
    const duplicate = await post('domains', { code: 'housing', nameDe: 'Wohnen', nameEn: 'Housing' });
    expect({ status: duplicate.status, type: duplicate.body.type }).toEqual({ status: 409, type: '/problems/duplicate-code' });
    for (const [path, body, field] of [
      ['languages', { code: 'Tigrinya', nameEn: 'x', nameDe: 'x', nativeName: 'x' }, 'code'],
      ['domains', { code: 'Wohnen!', nameDe: 'x', nameEn: 'x' }, 'code'],
      ['domains', { code: 'ok_code', nameDe: '', nameEn: 'x' }, 'nameDe'],
    ] as const) {
      const res = await post(path, body);
      expect({ status: res.status, field: res.body.errors?.[0]?.field }).toEqual({ status: 400, field });
    }
    const recoded = await patch('domains/housing', { code: 'wohnen' });
    expect(recoded.status).toBe(400);
    expect((await patch('domains/no_such_domain', { nameDe: 'x' })).status).toBe(404);
    expect(await codes('domains')).toEqual(expect.arrayContaining(['housing']));
  });
});
