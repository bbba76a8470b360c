import { bearer, TestApp } from './support/test-app';
import { createCase, createNetwork, type TestNetwork } from './support/network';

const API = '/api/v1';

/**
 * The network dashboard's language coverage reads `open_case_languages`, kept by triggers on
 * `cases`. Whatever happens to cases (API or bulk SQL, concurrently), it must equal a fresh count.
 */
describe('open_case_languages read model', () => {
  let t: TestApp;
  let network: TestNetwork;

  beforeAll(async () => {
    t = await TestApp.start();
    network = await createNetwork(t);
  });
  afterAll(() => t?.stop());

  async function readModel(): Promise<Record<string, number>> {
    const rows: { district: string; language: string; n: number }[] = await t.dataSource.query(
      `SELECT district, language, open_cases AS n FROM open_case_languages WHERE open_cases <> 0`,
    );
    return Object.fromEntries(rows.map((r) => [`${r.district}/${r.language}`, r.n]));
  }

  async function recount(): Promise<Record<string, number>> {
    const rows: { district: string; language: string; n: number }[] = await t.dataSource.query(
      `SELECT c.district, l AS language, count(*)::int AS n FROM cases c, unnest(c.languages) AS l
        WHERE c.status <> 'closed' AND c.district IS NOT NULL GROUP BY 1, 2`,
    );
    return Object.fromEntries(rows.map((r) => [`${r.district}/${r.language}`, r.n]));
  }

  it('follows cases created, edited and closed through the API', async () => {
    const { counsellor } = network.users;
    const first = await createCase(t, counsellor, { languages: ['ar', 'fa'], district: 'ost' });
    const second = await createCase(t, counsellor, { languages: ['uk'], district: 'mitte' });
    await createCase(t, counsellor, { languages: ['ar'], district: undefined });
    expect(await readModel()).toEqual({ 'ost/ar': 1, 'ost/fa': 1, 'mitte/uk': 1 });

    expect((await t.http.patch(`${API}/cases/${first.id}`).set(bearer(counsellor)).send({ district: 'west' })).status).toBe(200);
    expect(
      (
        await t.http
          .patch(`${API}/cases/${second.id}`)
          .set(bearer(counsellor))
          .send({ languages: ['uk', 'ru'] })
      ).status,
    ).toBe(200);
    expect(await readModel()).toEqual({ 'west/ar': 1, 'west/fa': 1, 'mitte/uk': 1, 'mitte/ru': 1 });

    const closed = await t.http.post(`${API}/cases/${first.id}/close`).set(bearer(counsellor)).send({ outcome: 'resolved' });
    expect(closed.status).toBe(200);
    expect(await readModel()).toEqual({ 'mitte/uk': 1, 'mitte/ru': 1 });
    expect(await readModel()).toEqual(await recount());
  });

  it('stays exact under concurrent case creation', async () => {
    const { counsellor, otherCounsellor } = network.users;
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        createCase(t, i % 2 ? counsellor : otherCounsellor, { languages: i % 3 ? ['ar', 'de'] : ['de', 'ar', 'ti'], district: 'ost' }),
      ),
    );
    expect(await readModel()).toEqual(await recount());
    expect((await readModel())['ost/ti']).toBe(8);
  });

  it('stays exact when one statement moves counted values between cases, and when it changes nothing counted', async () => {
    const { counsellor } = network.users;
    const first = await createCase(t, counsellor, { languages: ['so'], district: 'sued' });
    const second = await createCase(t, counsellor, { languages: ['am', 'ti'], district: 'nordost' });
    const before = await readModel();
    // The rows swap district and languages: the same values in all, so nothing to count.
    await t.dataSource.query(
      `UPDATE cases c SET district = o.district, languages = o.languages FROM cases o
        WHERE (c.id, o.id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`,
      [first.id, second.id],
    );
    await t.dataSource.query(`UPDATE cases SET pending_handoffs = pending_handoffs + 1, version = version + 1 WHERE id = ANY($1::uuid[])`, [
      [first.id, second.id],
    ]);
    expect(await readModel()).toEqual(before);
    // One of them leaves: now it counts.
    await t.dataSource.query(`UPDATE cases SET district = 'west' WHERE id = $1`, [first.id]);
    const model = await readModel();
    expect(model).toEqual(await recount());
    expect([model['nordost/so'], model['west/am'], model['sued/am']]).toEqual([undefined, 1, undefined]);
  });

  it('stays exact after bulk statements and a rolled-back change', async () => {
    await t.dataSource.query(`UPDATE cases SET district = 'nord' WHERE district = 'ost' AND status <> 'closed' AND 'ti' = ANY(languages)`);
    await t.dataSource
      .transaction(async (manager) => {
        await manager.query(`UPDATE cases SET status = 'active'`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await t.dataSource.query(`DELETE FROM cases WHERE district = 'mitte'`);
    const model = await readModel();
    expect(model).toEqual(await recount());
    expect(model['nord/ti']).toBe(8);
    expect(model['mitte/uk']).toBeUndefined();
  });
});
