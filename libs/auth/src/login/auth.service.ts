import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock, Unauthenticated } from '@app/core';
import { PasswordHasher, StaffUser, StaffUsersService } from '@app/counsellors';
import { OrganisationsService } from '@app/organisations';
import type { Actor } from '../access/actor';
import { SessionService, type TokenPair } from '../tokens/session.service';
import type { LoginView, MeView } from './auth.dto';
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
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionService,
    private readonly clock: Clock,
  ) {}

  /** Same answer, and about the same time, for an unknown e-mail, a wrong password and a deactivated account. */
  async login(emailInput: string, password: string, address: string): Promise<LoginView> {
    const email = emailInput.trim().toLowerCase();
    await this.throttle.assertAllowed(email, address);
    const user = await this.users.findOne({ where: { email }, select: { id: true, passwordHash: true, active: true } });
    const passwordMatches = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !passwordMatches || !user.active) {
      await this.throttle.recordFailure(email, address);
      throw new Unauthenticated(WRONG_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email);
    const tokens = await this.users.manager.transaction(async (manager) => {
      await manager.update(StaffUser, { id: user.id }, { lastLoginAt: this.clock.now() });
      return this.sessions.start(user.id, manager);
    });
    return { ...tokens, user: await this.staffUsers.profile(user.id) };
  }

  refresh(refreshToken: string): Promise<TokenPair> {
    return this.sessions.refresh(refreshToken);
  }

  logout(actor: Actor): Promise<void> {
    return this.sessions.revoke(actor.sessionId, 'logout');
  }

  async me(actor: Actor): Promise<MeView> {
    const [user, organisation] = await Promise.all([this.staffUsers.profile(actor.userId), this.organisations.get(actor.organisationId)]);
    return { user, organisation };
  }
}
