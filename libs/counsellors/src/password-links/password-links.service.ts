import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { BusinessRuleViolated, Clock, Environment, passwordLinkId, passwordLinkUrl, returnedRows, ValidationFailed } from '@app/core';
import { NotificationsService } from '@app/reminders';
import { tellPasswordChanged } from '../passwords/password-changed';
import { PasswordHasher } from '../passwords/password-hasher';
import { StaffUser } from '../staff-user.entity';
import type { PasswordLinkPurpose } from './password-link.entity';

const MINUTE_MS = 60_000;

/**
 * How long a link works. An invitation waits for someone who may be on leave; a reset is asked for
 * by the person who will use it at once (ASVS 5.0 V6.4: short-lived, used once).
 */
export const PASSWORD_LINK_LIFETIME_MS: Record<PasswordLinkPurpose, number> = {
  invitation: 7 * 24 * 60 * MINUTE_MS,
  reset: 60 * MINUTE_MS,
};

/** A forgotten-password request within this long after the last link sends none: no mailbox flooding. */
export const PASSWORD_RESET_COOLDOWN_MS = 5 * MINUTE_MS;

const NOTIFICATION_KIND = { invitation: 'account_invitation', reset: 'password_reset' } as const;

/** Who sends a link: an admin (org admin or coordinator), the user (forgotten password), or an operator (CLI). */
type Sender = { userId: string; organisationId: string } | 'self' | 'operator';

/**
 * Links that let a staff member set their own password, once, so that no admin chooses or knows it:
 * an invitation to a new account, a reset sent by an admin, or one the user asks for. The link goes
 * to the account's e-mail address (and in-app inbox) as a notification carrying the link's id; the
 * worker signs it into the link (passwordLinkToken). Sending one replaces the user's last link.
 */
@Injectable()
export class PasswordLinksService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PasswordLinksService.name);
  /** Forgotten-password requests still being worked on after their answer (requestReset). */
  private readonly inBackground = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly notifications: NotificationsService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly environment: Environment,
    private readonly clock: Clock,
  ) {}

  /** A link an admin sends must reach the user: without an SMTP server it could not (422). */
  assertCanEmail(): void {
    if (!this.environment.SMTP_URL)
      throw new BusinessRuleViolated(
        'email-not-configured',
        'No e-mail server is configured (SMTP_URL), so no password link can reach the user. An admin of the ' +
          "user's own organisation may give an initial password instead, and an operator can print a link for an " +
          'existing account with `node dist/apps/cli/src/main.js password-link <email>`.',
      );
  }

  /** Sends `user` a new link, in the caller's transaction; returns the link's id. */
  async send(
    manager: EntityManager,
    user: Pick<StaffUser, 'id' | 'organisationId'>,
    purpose: PasswordLinkPurpose,
    sender: Sender,
  ): Promise<{ id: string; expiresAt: Date }> {
    const admin = typeof sender === 'object' ? sender : null;
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + PASSWORD_LINK_LIFETIME_MS[purpose]);
    await manager.query(`DELETE FROM password_links WHERE user_id = $1`, [user.id]);
    const [link] = returnedRows<{ id: string }>(
      await manager.query(
        `INSERT INTO password_links (user_id, purpose, requested_by_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [user.id, purpose, admin?.userId ?? null, now, expiresAt],
      ),
    );
    await this.notifications.notify(manager, [user.id], {
      kind: NOTIFICATION_KIND[purpose],
      data: { passwordLinkId: link.id, expiresAt: expiresAt.toISOString() },
    });
    await this.audit.record(manager, {
      action: 'user.password_link_sent',
      actor: admin,
      organisationIds: [user.organisationId],
      subjectType: 'user',
      subjectId: user.id,
      details: { purpose, by: admin ? 'admin' : (sender as 'self' | 'operator') },
    });
    return { id: link.id, expiresAt };
  }

  /**
   * A reset link for the active account with this address, for an operator to hand over (the CLI
   * prints it): where no SMTP server is configured, or for the first coordinator. Null if there is none.
   */
  async issueForOperator(email: string): Promise<{ url: string; expiresAt: Date } | null> {
    return this.dataSource.transaction(async (manager) => {
      const [user] = returnedRows<{ id: string; organisation_id: string }>(
        await manager.query(`SELECT id, organisation_id FROM users WHERE email = $1 AND active FOR UPDATE`, [email.trim().toLowerCase()]),
      );
      if (!user) return null;
      const link = await this.send(manager, { id: user.id, organisationId: user.organisation_id }, 'reset', 'operator');
      return { url: passwordLinkUrl(this.environment.PUBLIC_BASE_URL, link.id, this.environment.JWT_SECRET), expiresAt: link.expiresAt };
    });
  }

  /**
   * A forgotten password: sends a reset link if the address belongs to an active account of an
   * active organisation and no link was sent in the last few minutes. Started, not awaited: the
   * route answers the same, at once, whether or not the address has an account, so that neither
   * the answer nor its time tells anyone (OWASP Forgot Password Cheat Sheet). A failure is logged
   * without the address; the person asks again.
   */
  requestReset(emailInput: string): void {
    const work = this.sendResetIfDue(emailInput.trim().toLowerCase()).catch((error: unknown) =>
      this.logger.error(`A forgotten-password request failed: ${error instanceof Error ? error.name : 'error'}`),
    );
    this.inBackground.add(work);
    void work.finally(() => this.inBackground.delete(work));
  }

  /** Resolves once the forgotten-password requests started so far are done. */
  async settled(): Promise<void> {
    await Promise.all(this.inBackground);
  }

  /** Shutdown waits for the requests started in the background (before the database closes). */
  beforeApplicationShutdown(): Promise<void> {
    return this.settled();
  }

  private async sendResetIfDue(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Locks the account, so that of several requests at once the first sends the link and the
      // others, looking for a recent link only once they hold the lock (a new snapshot), see it.
      const [user] = returnedRows<{ id: string; organisation_id: string }>(
        await manager.query(
          `SELECT u.id, u.organisation_id FROM users u JOIN organisations o ON o.id = u.organisation_id
            WHERE u.email = $1 AND u.active AND o.active
              FOR UPDATE OF u`,
          [email],
        ),
      );
      if (!user) return;
      // A link sent a moment ago that still works; an expired one does not hold a new one back.
      const now = this.clock.now();
      const [recent] = await manager.query(
        `SELECT 1 FROM password_links WHERE user_id = $1 AND used_at IS NULL AND expires_at > $2 AND created_at > $3`,
        [user.id, now, new Date(now.getTime() - PASSWORD_RESET_COOLDOWN_MS)],
      );
      if (!recent) await this.send(manager, { id: user.id, organisationId: user.organisation_id }, 'reset', 'self');
    });
  }

  /**
   * Sets the password of the link's account and spends the link. Every session of the account ends.
   * A forged, unknown, used or expired link, or one of an account that has since been deactivated,
   * gets the same 400; a password that breaks the rules gets a 400 naming `newPassword` and leaves
   * the link unspent.
   */
  async redeem(token: string, newPassword: string, address: string): Promise<{ email: string }> {
    const linkId = passwordLinkId(token, this.environment.JWT_SECRET);
    if (!linkId) throw invalidLink();
    const passwordHash = await this.hasher.hashAcceptable(newPassword, 'newPassword');
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const [spent] = returnedRows<{
        user_id: string;
        organisation_id: string;
        email: string;
        purpose: PasswordLinkPurpose;
        had_password: boolean;
      }>(
        await manager.query(
          `UPDATE password_links l SET used_at = $2
             FROM users u JOIN organisations o ON o.id = u.organisation_id
            WHERE l.id = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.id = l.user_id AND u.active AND o.active
            RETURNING l.user_id, u.organisation_id, u.email, l.purpose, u.password_hash IS NOT NULL AS had_password`,
          [linkId, now],
        ),
      );
      if (!spent) throw invalidLink();
      await manager.update(StaffUser, { id: spent.user_id }, { passwordHash, tokensValidAfter: now });
      // A first password (after an invitation, even one that expired) is no change to warn anyone about.
      if (spent.had_password) await tellPasswordChanged(this.notifications, manager, spent.user_id, 'reset-link');
      await this.audit.record(manager, {
        action: 'user.password_set',
        actor: { userId: spent.user_id, organisationId: spent.organisation_id },
        organisationIds: [spent.organisation_id],
        subjectType: 'user',
        subjectId: spent.user_id,
        ip: address,
        details: { via: spent.purpose },
      });
      return { email: spent.email };
    });
  }
}

const invalidLink = () =>
  new ValidationFailed('This link does not work (any more): it may have been used or have expired. Ask for a new one.', [
    { field: 'token', message: 'is not a valid, unused and unexpired password link' },
  ]);
