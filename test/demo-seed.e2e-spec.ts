import { seedDemoCases } from '../apps/cli/src/demo/seed-demo-cases';
import { seedDemoNetwork } from '../apps/cli/src/demo/seed-demo-network';
import { TestApp } from './support/test-app';

/**
 * The demo network a newcomer gets from `npm run demo`: hand-offs in every state today, and months of
 * settled referrals before, so that the coordinator's network dashboard (one whole month that has ended)
 * has figures on the first day.
 */
describe('demo seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
    await seedDemoNetwork(t.dataSource);
    await seedDemoCases(t.app);
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  });

  const signIn = async (email: string) =>
    (await t.http.post('/api/v1/auth/login').send({ email, password: 'Leipzig-Demo-2026!' }).expect(200)).body.accessToken as string;

  it('has hand-offs in every state', async () => {
    const rows: { status: string }[] = await t.dataSource.query('SELECT DISTINCT status FROM handoffs ORDER BY status');
    expect(rows.map((row) => row.status)).toEqual(['accepted', 'completed', 'declined', 'expired', 'pending', 'withdrawn']);
  });

  it("gives the coordinator's network dashboard figures for the last month, with some cells of 5 and more", async () => {
    const token = await signIn('koordination.rmi@demo.leipzig.example');
    const res = await t.http.get('/api/v1/dashboards/network').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.totalHandoffs).toBeGreaterThanOrEqual(100);
    const shown = (res.body.flows.cells as [number, number, number | '<5'][]).filter(([, , count]) => count !== '<5');
    expect(shown.length).toBeGreaterThanOrEqual(5);
    expect(res.body.responseTimesByOrganisationKind.map((row: { organisationKind: string }) => row.organisationKind)).toEqual(
      expect.arrayContaining(['city_department', 'ngo', 'volunteer_initiative']),
    );
  });

  it('writes the history consistently: closed cases, each with its timeline from creation to closing', async () => {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS referrals,
              count(*) FILTER (WHERE c.status <> 'closed' OR c.closed_at < h.created_at)::int AS open_or_closed_early,
              count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'created')
                                  OR NOT EXISTS (SELECT 1 FROM case_events e WHERE e.handoff_id = h.id AND e.kind = 'handoff_created'))::int AS without_events
         FROM handoffs h JOIN cases c ON c.id = h.case_id
        WHERE h.message = 'Weiterleitung aus dem Demo-Verlauf.'`,
    );
    expect(row).toEqual({ referrals: expect.any(Number), open_or_closed_early: 0, without_events: 0 });
    expect(row.referrals).toBeGreaterThanOrEqual(150);
  });

  it('adds nothing when run again', async () => {
    const count = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM handoffs'))[0].n as number;
    const before = await count();
    expect(await seedDemoCases(t.app)).toBe(0);
    expect(await count()).toBe(before);
  });
});
