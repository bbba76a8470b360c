import type { TestApp, TestUser } from './test-app';
import { bearer } from './test-app';

export type Member = 'counsellor' | 'lead' | 'orgAdmin' | 'coordinator' | 'otherOrgAdmin' | 'otherCounsellor';

/**
 * Organisations A and B, a third organisation C that hands cases to A, a coordination office,
 * and one signed-in user per role.
 */
export interface TestNetwork {
  orgA: string;
  orgB: string;
  orgC: string;
  serviceA: string;
  /** A colleague in A whom the tests may change without touching the signed-in users. */
  targetUserA: string;
  users: Record<Member, TestUser>;
  /** A counsellor of C (sends hand-offs to A). */
  counsellorC: TestUser;
}

export async function createNetwork(t: TestApp): Promise<TestNetwork> {
  const orgA = await t.createOrganisation();
  const orgB = await t.createOrganisation();
  const orgC = await t.createOrganisation();
  const coordination = await t.createOrganisation({ kind: 'city_department', acceptsReferrals: false });
  const [service] = await t.dataSource.query(
    `INSERT INTO services (organisation_id, name, domain) VALUES ($1, 'Asylberatung', 'asylum_procedure') RETURNING id`,
    [orgA],
  );
  const users: Record<Member, TestUser> = {
    counsellor: await t.createUser(orgA, ['counsellor']),
    lead: await t.createUser(orgA, ['lead']),
    orgAdmin: await t.createUser(orgA, ['org_admin']),
    coordinator: await t.createUser(coordination, ['coordinator']),
    otherOrgAdmin: await t.createUser(orgB, ['org_admin']),
    otherCounsellor: await t.createUser(orgB, ['counsellor']),
  };
  const target = await t.createUser(orgA, ['counsellor']);
  const counsellorC = await t.createUser(orgC, ['counsellor']);
  return { orgA, orgB, orgC, serviceA: service.id, targetUserA: target.id, users, counsellorC };
}

/** Given with a local offset, before every test clock; answered in UTC (CONSENT_AS_STORED). */
export const CONSENT = { given: true, givenAt: '2026-01-05T09:30:00+01:00', method: 'verbal', scope: 'this_handoff' };
export const CONSENT_AS_STORED = { ...CONSENT, givenAt: '2026-01-05T08:30:00.000Z' };

/** A new case of the user's organisation, through the API. */
export async function createCase(
  t: TestApp,
  user: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string; updatedAt: string }> {
  const response = await t.http
    .post('/api/v1/cases')
    .set(bearer(user))
    .send({ needs: ['housing'], languages: ['ar'], district: 'ost', ageBand: '27-44', ...overrides });
  if (response.status !== 201) throw new Error(`case creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A new pending hand-off of a new case of `from` to `toOrganisationId`, through the API. */
export async function createHandoff(
  t: TestApp,
  from: TestUser,
  toOrganisationId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; caseId: string }> {
  const created = await createCase(t, from);
  const response = await t.http
    .post(`/api/v1/cases/${created.id}/handoffs`)
    .set(bearer(from))
    .send({
      targetOrganisationId: toOrganisationId,
      kind: 'referral',
      domains: ['housing'],
      message: 'Bitte um Unterstützung bei der Wohnungssuche.',
      consent: CONSENT,
      ...overrides,
    });
  if (response.status !== 201) throw new Error(`hand-off failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.id, caseId: created.id };
}

/** A notification addressed to the user, written directly, with an id of the table's own kind (UUID v7). */
export async function createNotification(t: TestApp, user: TestUser): Promise<string> {
  const [row]: { id: string }[] = await t.dataSource.query(
    `INSERT INTO notifications (recipient_id, kind) VALUES ($1, 'case_assigned') RETURNING id`,
    [user.id],
  );
  return row.id;
}
