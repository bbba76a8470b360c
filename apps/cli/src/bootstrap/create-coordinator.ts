import type { DataSource } from 'typeorm';
import type { AuditService } from '@app/audit';

export interface FirstCoordinator {
  email: string;
  /** The coordinating office (created as a city department when no organisation has this name). */
  organisation: string;
  displayName?: string;
}

/**
 * A fresh network's first account: the network coordinator, in its office, without a password (the
 * operator hands over a password link). Everyone else is created through the API from there. Refused
 * once the network has an active coordinator: the coordinator creates further ones.
 */
export async function createFirstCoordinator(
  dataSource: DataSource,
  audit: AuditService,
  input: FirstCoordinator,
): Promise<{ created: true; userId: string; organisationId: string } | { created: false; reason: string }> {
  const email = input.email.trim().toLowerCase();
  const name = input.organisation.trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return { created: false, reason: `"${input.email}" is not an e-mail address.` };
  if (!name) return { created: false, reason: 'Name the coordinating organisation.' };
  return dataSource.transaction(async (manager) => {
    // One at a time: two operators bootstrapping at once must not both succeed.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('create-first-coordinator'))`);
    const [existing] = await manager.query(`SELECT email FROM users WHERE active AND 'coordinator' = ANY(roles) LIMIT 1`);
    if (existing) return { created: false, reason: 'The network has a coordinator already; it creates further accounts through the API.' };
    const [taken] = await manager.query(`SELECT 1 FROM users WHERE email = $1`, [email]);
    if (taken) return { created: false, reason: `An account with the address ${email} exists already.` };
    const [found] = await manager.query(`SELECT id FROM organisations WHERE name = $1 ORDER BY id LIMIT 1`, [name]);
    const organisationId: string =
      found?.id ??
      (
        await manager.query(
          `INSERT INTO organisations (kind, name, accepts_referrals) VALUES ('city_department', $1, false) RETURNING id`,
          [name],
        )
      )[0].id;
    const [user] = await manager.query(
      `INSERT INTO users (organisation_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, NULL, '{coordinator,org_admin}') RETURNING id`,
      [organisationId, email, input.displayName?.trim() || 'Netzwerkkoordination'],
    );
    await audit.record(manager, {
      action: 'user.created',
      organisationIds: [organisationId],
      subjectType: 'user',
      subjectId: user.id,
      details: { roles: ['coordinator', 'org_admin'], by: 'operator' },
    });
    return { created: true, userId: user.id as string, organisationId };
  });
}
