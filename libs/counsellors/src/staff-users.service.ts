import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import {
  answerOnCommit,
  BusinessRuleViolated,
  Clock,
  Conflict,
  decodeCursor,
  Forbidden,
  NotFound,
  pageSize,
  toPage,
  ValidationFailed,
  type JsonObject,
  type Page,
} from '@app/core';
import { AuditService } from '@app/audit';
import { OrganisationsService, ReferenceDataService } from '@app/organisations';
import { NotificationsService } from '@app/reminders';
import { PasswordLinksService } from './password-links/password-links.service';
import { endUnusedPasswordLinks, tellPasswordChanged } from './passwords/password-changed';
import { PasswordHasher } from './passwords/password-hasher';
import type { Role } from './role';
import type { CreateStaffUserDto, StaffUserListQuery, StaffUserView, UpdateMySettingsDto, UpdateStaffUserDto } from './staff-user.dto';
import { StaffUser } from './staff-user.entity';

/** Who is asking, as far as staff accounts are concerned (the auth library's Actor fits). */
export interface StaffActor {
  userId: string;
  organisationId: string;
  isCoordinator: boolean;
  has(...roles: Role[]): boolean;
}

/**
 * Roles that open an organisation's case content: directly (counsellor, lead), or by acting as the
 * admin of the holder's own organisation, who can grant the others (coordinator).
 */
const CASE_ACCESS_ROLES: readonly Role[] = ['counsellor', 'lead', 'coordinator'];

/**
 * Staff accounts. An org admin manages its own organisation's users; the coordinator those of its
 * own organisation, and only the admins of any other (see assertMayGrant).
 * Colleagues of the same organisation may look each other up (to assign cases).
 * Accounts are deactivated, never deleted, so the audit trail keeps its actors.
 */
@Injectable()
export class StaffUsersService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly organisations: OrganisationsService,
    private readonly reference: ReferenceDataService,
    private readonly hasher: PasswordHasher,
    private readonly passwordLinks: PasswordLinksService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: StaffActor, query: StaffUserListQuery): Promise<Page<StaffUserView>> {
    const organisationId = query.organisationId ?? (actor.isCoordinator ? undefined : actor.organisationId);
    if (organisationId && !actor.isCoordinator && organisationId !== actor.organisationId) throw new NotFound('organisation');
    const limit = pageSize(query);
    const after = decodeCursor(query.cursor, ['uuid', 'text', 'uuid']);
    const builder = this.withPasswordState()
      .orderBy('u.organisation_id', 'ASC')
      .addOrderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(limit + 1);
    if (organisationId) builder.andWhere('u.organisation_id = :organisationId', { organisationId });
    if (query.active) builder.andWhere('u.active = :active', { active: query.active === 'true' });
    if (after)
      builder.andWhere('(u.organisation_id, u.display_name, u.id) > (:org, :name, :id)', { org: after[0], name: after[1], id: after[2] });
    return toPage((await builder.getMany()).map(toStaffUserView), limit, (u) => [u.organisationId, u.displayName, u.id]);
  }

  async get(actor: StaffActor, id: string): Promise<StaffUserView> {
    return toStaffUserView(await this.findVisible(actor, id));
  }

  /** A signed-in user's own account. */
  async profile(userId: string): Promise<StaffUserView> {
    const user = await this.withPasswordState().where('u.id = :userId', { userId }).getOne();
    if (!user) throw new NotFound('user');
    return toStaffUserView(user);
  }

  /**
   * What signed-in users set for themselves (the language of their e-mails, their digest). It gives
   * nobody access to anything, so unlike an admin's change it is neither announced nor audited.
   */
  async updateOwnSettings(userId: string, input: UpdateMySettingsDto): Promise<void> {
    const changes: Pick<UpdateMySettingsDto, 'preferredLocale' | 'leadDigest'> = {};
    if (input.preferredLocale !== undefined) changes.preferredLocale = input.preferredLocale;
    if (input.leadDigest !== undefined) changes.leadDigest = input.leadDigest;
    if (Object.keys(changes).length > 0) await this.users.update({ id: userId }, changes);
  }

  async create(actor: StaffActor, input: CreateStaffUserDto): Promise<StaffUserView> {
    let organisationId = actor.organisationId;
    if (actor.isCoordinator) {
      if (!input.organisationId)
        throw new ValidationFailed('organisationId is required', [{ field: 'organisationId', message: 'is required' }]);
      organisationId = input.organisationId;
    } else if (input.organisationId && input.organisationId !== actor.organisationId) {
      throw new NotFound('organisation');
    }
    await this.organisations.assertExists(organisationId);
    this.assertMayGrant(actor, organisationId, { roles: input.roles, current: [], password: input.password !== undefined });
    if (input.password === undefined) this.passwordLinks.assertCanEmail();
    await this.checkCodes(input);
    // Without a password the new user gets an invitation to set one; until then there is none.
    const passwordHash = input.password === undefined ? null : await this.hasher.hashAcceptable(input.password);
    if (await this.users.exists({ where: { email: input.email } })) {
      throw new Conflict('A user with this e-mail address already exists.', 'duplicate-email');
    }
    const { password: _password, ...profile } = input;
    return this.users.manager.transaction(async (manager) => {
      const created = await manager.save(
        manager.create(StaffUser, { ...profile, organisationId, passwordHash, active: true, tokensValidAfter: null, lastLoginAt: null }),
      );
      await this.audit.record(manager, {
        action: 'user.created',
        actor,
        organisationIds: [organisationId],
        subjectType: 'user',
        subjectId: created.id,
        details: { roles: created.roles },
      });
      await this.tellOfNewAccess(manager, actor, created, 'created', created.roles);
      if (passwordHash === null) await this.passwordLinks.send(manager, created, 'invitation', actor);
      return answerOnCommit(toStaffUserView(created));
    });
  }

  async update(actor: StaffActor, id: string, input: UpdateStaffUserDto): Promise<StaffUserView> {
    const { password, ...profile } = input;
    await this.users.manager.transaction(async (manager) => {
      // The coordinator deactivating an organisation's last two case workers at once (two tabs): both
      // queue on the organisation before locking their account, so the second sees the first
      // (assertNotLastCaseWorker) instead of the two deadlocking on each other's account.
      if (actor.isCoordinator && input.active === false) {
        await manager.query(`SELECT 1 FROM organisations WHERE id = (SELECT organisation_id FROM users WHERE id = $1) FOR NO KEY UPDATE`, [
          id,
        ]);
      }
      // Every rule and notice below reads the account as it is now: two concurrent changes of one
      // account (a reactivation and a new role) queue here, and the second sees the first.
      const user = await this.findVisible(actor, id, manager);
      if (!actor.isCoordinator && !actor.has('org_admin'))
        throw new Forbidden('Only an org admin or the coordinator may change user accounts.');
      await this.checkCodes(input);
      // A coordinator's account carries network-wide rights: only a coordinator may change it.
      if (!actor.isCoordinator && user.roles.includes('coordinator')) {
        throw new Forbidden("Only the network coordinator may change a coordinator's account.");
      }
      this.assertMayGrant(actor, user.organisationId, { roles: input.roles, current: user.roles, password: password !== undefined });
      const dropsOwnAdminRole = user.roles.some(
        (role) => (role === 'org_admin' || role === 'coordinator') && input.roles !== undefined && !input.roles.includes(role),
      );
      // Without the current password a stolen token would become the account for good.
      if (user.id === actor.userId && password !== undefined) {
        throw new Forbidden('Change your own password at POST /me/password, with your current one.');
      }
      if (user.id === actor.userId && (input.active === false || dropsOwnAdminRole)) {
        throw new BusinessRuleViolated(
          'self-lockout',
          'You cannot deactivate yourself or remove your own administrative role; ask another admin.',
        );
      }
      if (input.active === false && user.active) await this.assertNotLastCaseWorker(manager, actor, user);
      const changes: Partial<StaffUser> = { ...profile };
      if (password !== undefined) changes.passwordHash = await this.hasher.hashAcceptable(password);
      // A new password or a deactivation ends every existing token at once.
      if (password !== undefined || (input.active === false && user.active)) changes.tokensValidAfter = this.clock.now();
      const roles = input.roles ?? user.roles;
      const added = roles.filter((role) => !user.roles.includes(role));
      await manager.update(StaffUser, { id: user.id }, changes);
      if (password !== undefined) {
        await tellPasswordChanged(this.notifications, manager, user.id, 'admin');
        await endUnusedPasswordLinks(manager, user.id);
      }
      const staysActive = input.active ?? user.active;
      const removed = user.roles.filter((role) => !roles.includes(role));
      if (input.active === false && user.active)
        await this.tellOfRemovedAccess(manager, actor, { ...user, roles }, 'deactivated', user.roles);
      else if (removed.length && user.active) await this.tellOfRemovedAccess(manager, actor, { ...user, roles }, 'roles_removed', removed);
      // Whoever sets a case worker's password can sign in as them: as much a way into the cases as a role.
      const passwordSet = password !== undefined && staysActive && roles.some((role) => CASE_ACCESS_ROLES.includes(role));
      // One notice for the whole change. A deactivated account's new roles open nothing until it is
      // reactivated, and are told then.
      if (input.active === true && !user.active)
        await this.tellOfNewAccess(manager, actor, { ...user, roles }, 'reactivated', roles, passwordSet);
      else if (added.length && staysActive)
        await this.tellOfNewAccess(manager, actor, { ...user, roles }, 'roles_added', added, passwordSet);
      else if (passwordSet) await this.tellOfNewAccess(manager, actor, { ...user, roles }, 'password_set', [], true);
      await this.audit.record(manager, {
        action: auditAction(user, input),
        actor,
        organisationIds: [user.organisationId],
        subjectType: 'user',
        subjectId: user.id,
        details: {
          fields: Object.keys(profile).filter((field) => field !== 'password'),
          passwordChanged: password !== undefined,
          ...(input.roles ? { rolesBefore: user.roles, rolesAfter: input.roles } : {}),
        },
      });
    });
    return this.get(actor, id);
  }

  /**
   * E-mails the user a link to set a new password (their current one keeps working until then), so
   * that an admin helps without choosing or learning it, or sends an invitation again. The
   * coordinator may send one to anyone.
   */
  async sendPasswordLink(actor: StaffActor, id: string): Promise<void> {
    const user = await this.findVisible(actor, id);
    if (!actor.isCoordinator && !actor.has('org_admin'))
      throw new Forbidden('Only an org admin or the coordinator may send a password link.');
    if (!actor.isCoordinator && user.roles.includes('coordinator')) {
      throw new Forbidden("Only the network coordinator may send a coordinator's account a password link.");
    }
    if (!user.active) throw new BusinessRuleViolated('user-inactive', 'The account is deactivated; reactivate it first.');
    this.passwordLinks.assertCanEmail();
    // To someone who never set a password it is the invitation again (7 days, its own wording).
    const purpose = typeof user.passwordHash === 'string' ? 'reset' : 'invitation';
    await this.users.manager.transaction((manager) => this.passwordLinks.send(manager, user, purpose, actor));
  }

  /**
   * Tells the organisation, in-app and by e-mail, in the transaction that grants it, that one of its
   * accounts has gained access: nobody, the network coordinator included, opens a way into the
   * organisation's cases without the organisation learning of it at once. Its other active admins
   * hear of every change. A change that opens the cases (a case role, a case worker's password set by
   * someone else) or that the coordinator makes there also reaches its leads, else its counsellors:
   * admins are the very accounts the coordinator may create there, so they alone would not do.
   */
  private async tellOfNewAccess(
    manager: EntityManager,
    actor: StaffActor,
    account: Pick<StaffUser, 'id' | 'organisationId' | 'roles'>,
    change: 'created' | 'roles_added' | 'reactivated' | 'password_set',
    added: readonly Role[],
    passwordSet = false,
  ): Promise<void> {
    // An admin the coordinator puts into another organisation can give itself a case role later:
    // its case workers hear of the admin already.
    const opensCases =
      passwordSet ||
      added.some((role) => CASE_ACCESS_ROLES.includes(role)) ||
      (actor.isCoordinator && actor.organisationId !== account.organisationId);
    // A password set with a reactivation or a new role is said in that one notice.
    const details = { change, added: [...added], ...(passwordSet && change !== 'password_set' ? { passwordSet } : {}) };
    await this.tellOrganisation(manager, actor, account, 'account_access_granted', opensCases, details);
  }

  /**
   * An account deactivated, or a role taken from it, by someone else: the organisation's other admins
   * and its leads (else its counsellors) hear of it, in-app and by e-mail. A case worker's open cases
   * and hand-offs stay assigned and need someone else; and nobody, an admin the coordinator invited
   * included, takes the organisation's admins or case workers out of the way unannounced.
   */
  private async tellOfRemovedAccess(
    manager: EntityManager,
    actor: StaffActor,
    account: Pick<StaffUser, 'id' | 'organisationId' | 'roles'>,
    change: 'deactivated' | 'roles_removed',
    removed: readonly Role[],
  ): Promise<void> {
    if (account.id === actor.userId) return;
    await this.tellOrganisation(manager, actor, account, 'account_access_removed', true, { change, removed: [...removed] });
  }

  /**
   * One notice about `account` to its organisation's other active admins (the coordinator is its own
   * organisation's admin), and, with `caseWorkers`, its leads, else its counsellors.
   */
  private async tellOrganisation(
    manager: EntityManager,
    actor: StaffActor,
    account: Pick<StaffUser, 'id' | 'organisationId' | 'roles'>,
    kind: 'account_access_granted' | 'account_access_removed',
    caseWorkers: boolean,
    details: JsonObject,
  ): Promise<void> {
    const told: { id: string }[] = await manager.query(
      `WITH others AS (SELECT id, roles FROM users WHERE organisation_id = $1 AND active AND id <> ALL($2::uuid[]))
       SELECT id FROM others
        WHERE roles && '{org_admin,coordinator}'
           OR ($3 AND roles && CASE WHEN EXISTS (SELECT 1 FROM others WHERE roles && '{lead}') THEN '{lead}'::text[] ELSE '{counsellor}'::text[] END)`,
      [account.organisationId, [actor.userId, account.id], caseWorkers],
    );
    await this.notifications.notify(
      manager,
      told.map((user) => user.id),
      {
        kind,
        data: {
          accountId: account.id,
          ...details,
          roles: [...account.roles],
          byUserId: actor.userId,
          byNetworkCoordinator: actor.isCoordinator && actor.organisationId !== account.organisationId,
        },
      },
    );
  }

  /**
   * The coordinator may deactivate users of another organisation (a departed or compromised account
   * whose admin does not answer), but not its last active counsellor or lead: with nobody left who
   * works with the cases, nobody would hear of an admin it created there giving itself a case role
   * (tellOfNewAccess). The organisation's own admin decides that; closing an organisation is
   * deactivating it. Two such deactivations at once queue on the organisation (update), and the
   * second sees the first; the case workers are locked as well, so that an admin's concurrent
   * deactivation there is seen too.
   */
  private async assertNotLastCaseWorker(manager: EntityManager, actor: StaffActor, user: StaffUser): Promise<void> {
    if (!actor.isCoordinator || user.organisationId === actor.organisationId) return;
    if (!user.roles.some((role) => role === 'counsellor' || role === 'lead')) return;
    const caseWorkers: { id: string }[] = await manager.query(
      `SELECT id FROM users WHERE organisation_id = $1 AND active AND roles && '{counsellor,lead}' FOR UPDATE`,
      [user.organisationId],
    );
    if (caseWorkers.every((worker) => worker.id === user.id)) {
      throw new BusinessRuleViolated(
        'last-case-worker',
        "This is the organisation's last active counsellor or lead: the network coordinator may not deactivate it, as then " +
          "nobody working with the organisation's cases would be told of new access to them. The organisation's own admin " +
          'may; to take the organisation out of the network, deactivate the organisation.',
      );
    }
  }

  /** The account if the actor may see it (404 otherwise); inside a transaction, locked for its rest. */
  private async findVisible(actor: StaffActor, id: string, transaction?: EntityManager): Promise<StaffUser> {
    const query = this.withPasswordState(transaction).where('u.id = :id', { id });
    const user = await (transaction ? query.setLock('pessimistic_write') : query).getOne();
    if (!user || (!actor.isCoordinator && user.organisationId !== actor.organisationId)) throw new NotFound('user');
    return user;
  }

  /** Users with their password hash, read only to tell whether one is set (toStaffUserView: passwordSet). */
  private withPasswordState(manager: EntityManager = this.users.manager) {
    return manager.getRepository(StaffUser).createQueryBuilder('u').addSelect('u.passwordHash');
  }

  /**
   * Who may hand out roles, or take over an account (a new password does), in `organisationId`.
   * Only the coordinator grants or removes the coordinator role. The coordinator must never read an
   * organisation's case content (product spec), so outside its own organisation it manages only the
   * admins: it may not grant a case access role there, nor change the roles of a holder, nor set
   * anyone's password there (an admin whose password it knew could make itself a counsellor); it
   * invites new users and sends password links instead, which reach only the account's owner.
   */
  private assertMayGrant(
    actor: StaffActor,
    organisationId: string,
    change: { roles?: readonly Role[]; current: readonly Role[]; password?: boolean },
  ): void {
    const { roles, current } = change;
    if (!actor.isCoordinator) {
      if (roles && roles.includes('coordinator') !== current.includes('coordinator')) {
        throw new Forbidden('Only the network coordinator may grant or remove the coordinator role.');
      }
      return;
    }
    if (organisationId === actor.organisationId) return;
    const granted = roles?.filter((role) => CASE_ACCESS_ROLES.includes(role) && !current.includes(role)) ?? [];
    if (granted.length) {
      throw new Forbidden(
        `The network coordinator may not grant ${granted.join(', ')} in another organisation: it must not give itself or anyone ` +
          "a way into that organisation's case content. Create or manage that organisation's admins only; " +
          'its own admin grants these roles.',
      );
    }
    const held = current.filter((role) => CASE_ACCESS_ROLES.includes(role));
    if (held.length && roles && !sameRoles(roles, current)) {
      throw new Forbidden(
        `This user of another organisation holds ${held.join(', ')}: the network coordinator may not change their roles, as ` +
          "that would give it a way into that organisation's case content. The organisation's own admin does that; the " +
          'coordinator may still change their profile, deactivate them (not the last counsellor or lead) or send them a password link.',
      );
    }
    if (change.password) {
      throw new Forbidden(
        'The network coordinator may not set a password in another organisation: an admin whose password it knew could give ' +
          "itself a way into that organisation's case content. Leave the password out to invite the new user by e-mail, or " +
          "send the user a password link (POST /users/{id}/password-link); the organisation's own admin may set passwords.",
      );
    }
  }

  private async checkCodes(input: UpdateStaffUserDto): Promise<void> {
    await this.reference.assertKnown('languages', 'languages', input.languages);
    await this.reference.assertKnown('domains', 'domains', input.domains);
  }
}

/** Permission changes get their own audit action so they are easy to find. */
function auditAction(user: StaffUser, input: UpdateStaffUserDto): string {
  if (input.active === false && user.active) return 'user.deactivated';
  if (input.active === true && !user.active) return 'user.reactivated';
  if (input.roles && !sameRoles(input.roles, user.roles)) return 'user.roles_changed';
  if (input.password !== undefined) return 'user.password_changed';
  return 'user.updated';
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

/** Only what callers need: never the password hash (only whether there is one) or token bookkeeping. */
export function toStaffUserView(user: StaffUser): StaffUserView {
  return {
    id: user.id,
    organisationId: user.organisationId,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    languages: user.languages,
    domains: user.domains,
    caseCapacity: user.caseCapacity,
    preferredLocale: user.preferredLocale,
    leadDigest: user.leadDigest,
    active: user.active,
    passwordSet: typeof user.passwordHash === 'string',
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
