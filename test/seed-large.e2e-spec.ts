import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { isValidCaseCode, referralNeedsShare } from '@app/cases';
import { dataSourceOptions, validateEnvironment } from '@app/core';
import { ENTITIES } from '@app/migrations/entities';
import { seedLargeDataSet, SEEDED_TABLES, type LargeSeedResult } from '../apps/cli/src/large/seed-large';
import { cloneTemplate, dropDatabase, schemaDrift } from './support/test-database';

/** The large seed (`seed:large`) at a small scale: every invariant the services keep must hold in bulk too. */
describe('large data set (seed:large at scale 0.002)', () => {
  let url: string;
  let dataSource: DataSource;
  let result: LargeSeedResult;
  const one = async <T>(sql: string): Promise<T> => ((await dataSource.query(sql)) as T[])[0];

  beforeAll(async () => {
    url = await cloneTemplate(`cc_test_seed_large_${process.pid}`);
    dataSource = new DataSource({ ...dataSourceOptions(validateEnvironment({}), { url, poolSize: 3 }), entities: ENTITIES });
    await dataSource.initialize();
    result = await seedLargeDataSet(dataSource, { scale: 0.002 });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (url) await dropDatabase(url);
  });

  it('fills every table in plausible proportions', () => {
    for (const table of SEEDED_TABLES) expect(result.rows[table]).toBeGreaterThan(0);
    expect(result.rows.cases).toBe(2000);
    expect(result.rows.handoffs).toBe(800);
    expect(result.rows.case_events).toBeGreaterThan(3 * result.rows.cases);
    expect(result.rows.audit_log).toBeGreaterThan(2 * result.rows.cases);
    expect(result.logins.map((login) => login.role)).toEqual(['coordinator', 'org_admin', 'lead', 'counsellor']);
  });

  it('gives every case a canonical, valid and unique code', async () => {
    const rows: { code: string }[] = await dataSource.query('SELECT code FROM cases');
    expect(rows.filter(({ code }) => code.length !== 8 || !isValidCaseCode(code))).toEqual([]);
    expect(new Set(rows.map(({ code }) => code)).size).toBe(rows.length);
    const [{ mismatched }] = await dataSource.query(
      'SELECT count(*)::int AS mismatched FROM handoffs h JOIN cases c ON c.id = h.case_id WHERE h.case_code <> c.code',
    );
    expect(mismatched).toBe(0);
  });

  it('keeps pending counters, one pending hand-off per case and target, and no pending hand-off on a closed case', async () => {
    expect(
      await one(`SELECT count(*)::int AS wrong FROM cases c
                  WHERE c.pending_handoffs <> (SELECT count(*) FROM handoffs h WHERE h.case_id = c.id AND h.status = 'pending')`),
    ).toEqual({ wrong: 0 });
    const pending = await one<Record<string, number>>(
      `SELECT count(*)::int AS pending, count(DISTINCT (h.case_id, h.target_organisation_id))::int AS targets,
              count(*) FILTER (WHERE c.status = 'closed')::int AS on_closed,
              count(*) FILTER (WHERE h.response_due_at <= h.created_at)::int AS due_before_sent
         FROM handoffs h JOIN cases c ON c.id = h.case_id WHERE h.status = 'pending'`,
    );
    expect(pending.pending).toBeGreaterThan(0);
    expect(pending).toEqual({ pending: pending.pending, targets: pending.pending, on_closed: 0, due_before_sent: 0 });
  });

  it("has hand-offs in every state, each with its case, its sender's organisation and the fields of its state", async () => {
    const states: { status: string; count: number }[] = await dataSource.query(
      'SELECT status, count(*)::int AS count FROM handoffs GROUP BY status ORDER BY status',
    );
    expect(states.map((state) => state.status)).toEqual(['accepted', 'completed', 'declined', 'expired', 'pending', 'withdrawn']);
    expect(
      await one(`SELECT
          count(*) FILTER (WHERE c.id IS NULL)::int AS orphans,
          count(*) FILTER (WHERE h.sending_organisation_id = h.target_organisation_id)::int AS to_itself,
          count(*) FILTER (WHERE h.status = 'declined' AND (h.decline_reason IS NULL OR h.declined_by IS NULL OR h.responded_at IS NULL))::int AS bad_declines,
          count(*) FILTER (WHERE h.status = 'completed' AND (h.outcome IS NULL OR h.closed_at IS NULL OR h.closed_at < h.responded_at))::int AS bad_completions,
          count(*) FILTER (WHERE h.status IN ('withdrawn', 'expired') AND h.closed_at IS NULL)::int AS bad_closures,
          count(*) FILTER (WHERE h.responded_at < h.created_at OR h.closed_at < h.created_at OR h.created_at > now())::int AS bad_times,
          count(*) FILTER (WHERE NOT (h.consent ?& ARRAY['given', 'givenAt', 'method', 'scope']) OR h.consent -> 'given' <> 'true'::jsonb
                             OR (h.consent ->> 'givenAt')::timestamptz > h.created_at)::int AS bad_consent
        FROM handoffs h LEFT JOIN cases c ON c.id = h.case_id`),
    ).toEqual({ orphans: 0, to_itself: 0, bad_declines: 0, bad_completions: 0, bad_closures: 0, bad_times: 0, bad_consent: 0 });
  });

  it('shares accepted referrals with their target (completed ones only with consent to follow-up) and moves transferred cases to theirs', async () => {
    expect(
      await one(`SELECT count(*)::int AS unshared FROM handoffs h
                  WHERE h.kind = 'referral' AND ${referralNeedsShare('h', '(SELECT c.organisation_id FROM cases c WHERE c.id = h.case_id)')}
                    AND NOT EXISTS (SELECT 1 FROM case_shares s WHERE s.case_id = h.case_id AND s.organisation_id = h.target_organisation_id)`),
    ).toEqual({ unshared: 0 });
    // Every share is needed by one of those referrals: none is left by a completed one consented to for that hand-off only.
    expect(
      await one(`SELECT count(*)::int AS shares,
                        count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM handoffs h WHERE h.case_id = s.case_id AND h.target_organisation_id = s.organisation_id
                                                              AND h.kind = 'referral' AND ${referralNeedsShare('h', '(SELECT c.organisation_id FROM cases c WHERE c.id = s.case_id)')}))::int AS unneeded
                   FROM case_shares s`),
    ).toEqual({ shares: expect.any(Number), unneeded: 0 });
    expect(
      await one(
        `SELECT count(*)::int AS completed_once FROM handoffs WHERE kind = 'referral' AND status = 'completed' AND consent->>'scope' = 'this_handoff'`,
      ),
    ).not.toEqual({ completed_once: 0 });
    expect(
      await one(`SELECT count(*)::int AS transfers, count(*) FILTER (WHERE c.organisation_id <> h.target_organisation_id)::int AS unmoved
                   FROM handoffs h JOIN cases c ON c.id = h.case_id
                  WHERE h.kind = 'transfer' AND h.status IN ('accepted', 'completed')`),
    ).toEqual({ transfers: expect.any(Number), unmoved: 0 });
  });

  it('uses only codes of the reference tables', async () => {
    expect(
      await one(`SELECT
          (SELECT count(*) FROM cases, unnest(needs) AS x (v) WHERE v NOT IN (SELECT code FROM counselling_domains))::int AS needs,
          (SELECT count(*) FROM cases, unnest(languages) AS x (v) WHERE v NOT IN (SELECT code FROM languages))::int AS languages,
          (SELECT count(*) FROM cases WHERE district NOT IN (SELECT code FROM districts))::int AS districts,
          (SELECT count(*) FROM handoffs, unnest(domains) AS x (v) WHERE v NOT IN (SELECT code FROM counselling_domains))::int AS domains,
          (SELECT count(*) FROM services WHERE domain NOT IN (SELECT code FROM counselling_domains))::int AS services`),
    ).toEqual({ needs: 0, languages: 0, districts: 0, domains: 0, services: 0 });
  });

  it('writes each timeline in time order, within the life of its case', async () => {
    expect(
      await one(`SELECT count(*) FILTER (WHERE occurred_at < previous)::int AS out_of_order,
                        count(*) FILTER (WHERE occurred_at < created_at OR occurred_at > coalesce(closed_at, now()))::int AS outside
                   FROM (SELECT e.occurred_at, c.created_at, c.closed_at, lag(e.occurred_at) OVER (PARTITION BY e.case_id ORDER BY e.id) AS previous
                           FROM case_events e JOIN cases c ON c.id = e.case_id) t`),
    ).toEqual({ out_of_order: 0, outside: 0 });
  });

  it('leaves an audit log whose hash chains verify', async () => {
    const { entries, broken } = await new AuditService(dataSource).verify();
    expect(broken).toEqual([]);
    expect(entries).toBe(result.rows.audit_log);
  });

  it('rebuilds every index and key it dropped, exactly as the migrations define them', async () => {
    expect(await schemaDrift(dataSource)).toEqual([]);
  });
});
