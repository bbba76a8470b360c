import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, Conflict, Unauthenticated, ValidationFailed } from '@app/core';
import {
  endUnusedPasswordLinks,
  PasswordHasher,
  PasswordLinksService,
  StaffUser,
  StaffUsersService,
  tellPasswordChanged,
  type UpdateMySettingsDto,
} from '@app/counsellors';
import { OrganisationsService } from '@app/organisations';
import { NotificationsService } from '@app/reminders';
import type { Actor } from '../access/actor';
import { SessionService, type TokenPair } from '../tokens/session.service';
import type { ChangePasswordDto, LoginView, MeView } from './auth.dto';
import { LoginThrottle } from './login-throttle';

const WRONG_CREDENTIALS = 'E-mail address or password is wrong.';

/** Sign-in, token refresh and sign-out. The login flow ends in one place so a second factor can slot in. */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly staffUsers: StaffUsersService,
    private readonly organisations: OrganisationsService,
    private readonly hasher: PasswordHasher,
    private readonly passwordLinks: PasswordLinksService,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Same answer, and about the same time, for an unknown e-mail, a wrong password, a deactivated account
   * and an account of a deactivated organisation.
   */
  async login(emailInput: string, password: string, address: string): Promise<LoginView> {
    const email = emailInput.trim().toLowerCase();
    await this.throttle.assertAllowed(email, address);
    const user = await this.users.findOne({
      where: { email },
      relations: { organisation: true },
      select: { id: true, passwordHash: true, active: true, organisationId: true, organisation: { id: true, active: true } },
    });
    const passwordMatches = await this.hasher.verify(user?.passwordHash, password);
    const activeInNetwork = user?.active && user.organisation?.active;
    if (!user || !passwordMatches || !activeInNetwork) {
      await this.throttle.recordFailure(email, address);
      await this.audit.recordNow({
        action: 'auth.login_failed',
        organisationIds: user ? [user.organisationId] : [],
        subjectType: 'user',
        subjectId: user?.id ?? null,
        ip: address,
        details: { reason: failureReason(user) },
      });
      throw new Unauthenticated(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email, address);
    const tokens = await this.users.manager.transaction(async (manager) => {
      await manager.update(StaffUser, { id: user.id }, { lastLoginAt: this.clock.now() });
      const pair = await this.sessions.start(user.id, manager);
      const actor = { userId: user.id, organisationId: user.organisationId };
      await this.audit.record(manager, {
        action: 'auth.login',
        actor,
        organisationIds: [user.organisationId],
        subjectType: 'session',
        subjectId: pair.sessionId,
        ip: address,
      });
      return pair;
    });
    const { sessionId: _sessionId, ...pair } = tokens;
    return { ...pair, user: await this.staffUsers.profile(user.id) };
  }

  async refresh(refreshToken: string, address: string): Promise<Omit<TokenPair, 'sessionId'>> {
    const { sessionId: _sessionId, ...pair } = await this.sessions.refresh(refreshToken, address);
    return pair;
  }

  /**
   * Ends the access token's session and, when the client sends its refresh token as well, that
   * token's session if it is the same user's (a token of someone else's changes nothing, and says
   * nothing about it).
   */
  async logout(actor: Actor, address: string, refreshToken?: string): Promise<void> {
    const other = refreshToken === undefined ? null : await this.sessions.sessionOf(refreshToken);
    const sessionIds = new Set([actor.sessionId, ...(other?.userId === actor.userId ? [other.sessionId] : [])]);
    for (const sessionId of sessionIds) {
      // A session that had ended already (a spent token sent again) is no sign-out to record.
      if (!(await this.sessions.revoke(sessionId, 'logout'))) continue;
      await this.audit.recordNow({
        action: 'auth.logout',
        actor,
        organisationIds: [actor.organisationId],
        subjectType: 'session',
        subjectId: sessionId,
        ip: address,
      });
    }
  }

  /**
   * The signed-in user changes its own password (ASVS 5.0 V6.2.2/V6.2.3): only with the current one,
   * whose wrong guesses count towards the account's sign-in lockout. Every other session ends; this
   * one goes on.
   */
  async changePassword(actor: Actor, input: ChangePasswordDto, address: string): Promise<void> {
    const user = await this.users.findOneOrFail({ where: { id: actor.userId }, select: { id: true, email: true, passwordHash: true } });
    await this.throttle.assertAllowed(user.email, address);
    if (!(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      await this.throttle.recordFailure(user.email, address);
      throw new ValidationFailed('The current password is wrong.', [{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    if (input.newPassword === input.currentPassword) {
      throw new ValidationFailed('The new password is the current one.', [
        { field: 'newPassword', message: 'must differ from the current password' },
      ]);
    }
    const passwordHash = await this.hasher.hashAcceptable(input.newPassword, 'newPassword');
    await this.throttle.recordSuccess(user.email, address);
    await this.users.manager.transaction(async (manager) => {
      // Only over the password just verified: of two changes at once (or an admin's reset), one wins.
      const changed = await manager.update(StaffUser, { id: user.id, passwordHash: user.passwordHash }, { passwordHash });
      if (!changed.affected) throw new Conflict('Your password was changed meanwhile; sign in again with the new one.');
      const endedSessions = await this.sessions.revokeOthers(user.id, actor.sessionId, 'password-changed', manager);
      await tellPasswordChanged(this.notifications, manager, user.id, 'self');
      await endUnusedPasswordLinks(manager, user.id);
      await this.audit.record(manager, {
        action: 'user.password_changed',
        actor,
        organisationIds: [actor.organisationId],
        subjectType: 'user',
        subjectId: user.id,
        ip: address,
        details: { by: 'self', endedSessions },
      });
    });
  }

  /**
   * Sets a password with an e-mailed link (PasswordLinksService.redeem). Following the link proves
   * control of the account's mailbox, so a sign-in lockout of the account ends with it: the person
   * who reset a forgotten password can sign in at once.
   */
  async setPasswordWithLink(token: string, newPassword: string, address: string): Promise<void> {
    const { email } = await this.passwordLinks.redeem(token, newPassword, address);
    await this.throttle.clearAccount(email, address);
  }

  async me(actor: Actor): Promise<MeView> {
    const [user, organisation] = await Promise.all([this.staffUsers.profile(actor.userId), this.organisations.get(actor.organisationId)]);
    return { user, organisation };
  }

  async updateMySettings(actor: Actor, input: UpdateMySettingsDto): Promise<MeView> {
    await this.staffUsers.updateOwnSettings(actor.userId, input);
    return this.me(actor);
  }
}

/** For the audit log only: the caller gets the same answer whatever the reason. */
function failureReason(user: StaffUser | null): string {
  if (!user) return 'unknown_account';
  if (!user.active) return 'deactivated';
  return user.organisation?.active ? 'wrong_password' : 'organisation_deactivated';
}
