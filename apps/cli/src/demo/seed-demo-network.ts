import type { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher, StaffUser } from '@app/counsellors';
import { CounsellingService, Organisation } from '@app/organisations';
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, type DemoOrganisation } from './demo-network.data';

export const DEMO_EMAIL_DOMAIN = 'demo.leipzig.example';

export interface DemoLogin {
  email: string;
  roles: string[];
  organisation: string;
}

export const demoEmail = (organisation: Pick<DemoOrganisation, 'key'>, userKey: string) =>
  `${userKey}.${organisation.key}@${DEMO_EMAIL_DOMAIN}`;

/**
 * Creates or updates the demo network (organisations by name, services by organisation and
 * name, users by e-mail), so running it twice changes nothing.
 */
export async function seedDemoNetwork(dataSource: DataSource): Promise<{ logins: DemoLogin[]; password: string }> {
  const passwordHash = await new PasswordHasher().hash(DEMO_PASSWORD);
  const logins: DemoLogin[] = [];
  await dataSource.transaction(async (manager) => {
    for (const demo of DEMO_ORGANISATIONS) {
      const organisation = await upsertOrganisation(manager, demo);
      for (const service of demo.services) {
        const existing = await manager.findOne(CounsellingService, { where: { organisationId: organisation.id, name: service.name } });
        await manager.save(CounsellingService, { ...existing, ...service, organisationId: organisation.id, active: true });
      }
      for (const user of demo.users) {
        const email = demoEmail(demo, user.key);
        const existing = await manager.findOne(StaffUser, { where: { email } });
        const { key: _key, ...profile } = user;
        await manager.save(StaffUser, { ...existing, ...profile, email, organisationId: organisation.id, passwordHash, active: true });
        logins.push({ email, roles: user.roles, organisation: demo.name });
      }
    }
  });
  return { logins, password: DEMO_PASSWORD };
}

async function upsertOrganisation(manager: EntityManager, demo: DemoOrganisation): Promise<Organisation> {
  const { key: _key, services: _services, users: _users, ...profile } = demo;
  const existing = await manager.findOne(Organisation, { where: { name: demo.name } });
  return manager.save(Organisation, { ...existing, ...profile });
}
