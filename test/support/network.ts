import type { TestApp, TestUser } from './test-app';

export type Member = 'counsellor' | 'lead' | 'orgAdmin' | 'coordinator' | 'otherOrgAdmin' | 'otherCounsellor';

/** Two organisations (A and B), a coordination office, and one signed-in user per role. */
export interface TestNetwork {
  orgA: string;
  orgB: string;
  serviceA: string;
  /** A colleague in A whom the tests may change without touching the signed-in users. */
  targetUserA: string;
  users: Record<Member, TestUser>;
}

export async function createNetwork(t: TestApp): Promise<TestNetwork> {
  const orgA = await t.createOrganisation();
  const orgB = await t.createOrganisation();
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
  return { orgA, orgB, serviceA: service.id, targetUserA: target.id, users };
}
