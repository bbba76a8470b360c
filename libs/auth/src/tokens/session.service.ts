import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, Environment, preparedStatement, Unauthenticated } from '@app/core';
import type { Role } from '@app/counsellors';
import { Actor } from '../access/actor';
import { RefreshToken, Session } from './session.entity';
import { TOKEN_ALGORITHMS, TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenClaims } from './token-settings';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
  /** The session (token family) the pair belongs to; not sent to clients. */
  sessionId: string;
}

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** The check of every authenticated request: prepared once per connection. */
const SESSION_CHECK = preparedStatement(`SELECT u.organisation_id, u.roles
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.organisation_id AND o.active
        WHERE s.id = $1 AND u.id = $2 AND u.active AND s.revoked_at IS NULL AND s.expires_at > $3
          AND (u.tokens_valid_after IS NULL OR s.created_at >= u.tokens_valid_after)`);

/**
 * Sign-in sessions and their tokens: short-lived JWT access tokens, and opaque refresh tokens
 * that rotate on every use. Presenting a refresh token twice revokes its whole session.
 */
@Injectable()
export class SessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly environment: Environment,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async start(userId: string, manager: EntityManager = this.dataSource.manager): Promise<TokenPair> {
    const now = this.clock.now();
    const session = await manager.save(
      manager.create(Session, {
        userId,
        expiresAt: new Date(now.getTime() + this.environment.REFRESH_TOKEN_ABSOLUTE_DAYS * DAY_MS),
        revokedAt: null,
        revokedReason: null,
      }),
    );
    return this.issue(session, manager);
  }

  /** Exchanges a refresh token for a new pair; the old one is spent. `address` is the caller's, for the audit log. */
  async refresh(refreshToken: string, address?: string): Promise<TokenPair> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(RefreshToken, { where: { tokenHash: hashToken(refreshToken) } });
      if (!token) return 'invalid' as const;
      const now = this.clock.now();
      // The nightly purge may delete an ended session between the two reads: then it is simply invalid.
      const session = await manager.findOne(Session, { where: { id: token.sessionId } });
      if (!session) return 'invalid' as const;
      // Spend the token with a conditional update: of two concurrent refreshes, exactly one wins.
      const spent = await manager
        .createQueryBuilder()
        .update(RefreshToken)
        .set({ usedAt: now })
        .where('id = :id AND used_at IS NULL', { id: token.id })
        .execute();
      if (!spent.affected) {
        // A stolen token, or two tabs refreshing at once: the organisation's admin should be able to
        // tell which. Recorded once, when it ends the session: later replays change nothing.
        if (!(await this.revoke(session.id, 'reuse-detected', manager))) return 'reused' as const;
        const [owner]: { organisation_id: string }[] = await manager.query('SELECT organisation_id FROM users WHERE id = $1', [
          session.userId,
        ]);
        await this.audit.record(manager, {
          action: 'auth.refresh_reused',
          organisationIds: [owner.organisation_id],
          subjectType: 'session',
          subjectId: session.id,
          ip: address,
          details: { userId: session.userId },
        });
        return 'reused' as const;
      }
      const [user]: { active: boolean; tokens_valid_after: Date | null }[] = await manager.query(
        `SELECT u.active AND o.active AS active, u.tokens_valid_after
           FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1`,
        [session.userId],
      );
      // Sessions started before a deactivation or password change stay dead after reactivation.
      const predatesChange = user?.tokens_valid_after && session.createdAt < user.tokens_valid_after;
      if (session.revokedAt || session.expiresAt <= now || token.expiresAt <= now || !user?.active || predatesChange)
        return 'invalid' as const;
      return this.issue(session, manager);
    });
    if (outcome === 'reused')
      throw new Unauthenticated('This refresh token was already used; for safety the whole session has been signed out.');
    if (outcome === 'invalid') throw new Unauthenticated('The refresh token is invalid, expired or already used; sign in again.');
    return outcome;
  }

  /** The session a refresh token (spent or not) belongs to, and its user; null for an unknown token. */
  async sessionOf(refreshToken: string): Promise<{ sessionId: string; userId: string } | null> {
    const [found]: { session_id: string; user_id: string }[] = await this.dataSource.query(
      `SELECT s.id AS session_id, s.user_id FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = $1`,
      [hashToken(refreshToken)],
    );
    return found ? { sessionId: found.session_id, userId: found.user_id } : null;
  }

  /** Ends the session; false if it had ended already. */
  async revoke(
    sessionId: string,
    reason: NonNullable<Session['revokedReason']>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Ends every other session of the user (after the user changed its own password); returns how many. */
  async revokeOthers(
    userId: string,
    keepSessionId: string,
    reason: NonNullable<Session['revokedReason']>,
    manager: EntityManager,
  ): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where('user_id = :userId AND id <> :keepSessionId AND revoked_at IS NULL', { userId, keepSessionId })
      .execute();
    return result.affected ?? 0;
  }

  /**
   * The actor behind a verified access token, or null when its session was revoked or expired,
   * the user or their organisation is deactivated, or the session started before the user's `tokensValidAfter`
   * (a deactivation or password change ends every earlier session, even after reactivation).
   * One indexed query per request, so role and status changes apply on the next request.
   */
  async actorForAccessToken(claims: AccessTokenClaims, address?: string): Promise<Actor | null> {
    if (!UUID.test(claims.sub) || !UUID.test(claims.sid)) return null;
    const rows: { organisation_id: string; roles: Role[] }[] = await this.dataSource.query(SESSION_CHECK, [
      claims.sid,
      claims.sub,
      this.clock.now(),
    ]);
    const row = rows[0];
    return row ? new Actor(claims.sub, row.organisation_id, row.roles, claims.sid, address) : null;
  }

  private async issue(session: Session, manager: EntityManager): Promise<TokenPair> {
    const now = this.clock.now();
    const refreshToken = randomBytes(32).toString('base64url');
    const idleExpiry = now.getTime() + this.environment.REFRESH_TOKEN_IDLE_DAYS * DAY_MS;
    await manager.insert(RefreshToken, {
      sessionId: session.id,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Math.min(idleExpiry, session.expiresAt.getTime())),
      usedAt: null,
    });
    const claims: Omit<AccessTokenClaims, 'iat' | 'exp'> = { sub: session.userId, sid: session.id, typ: 'access' };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.environment.JWT_SECRET,
      algorithm: TOKEN_ALGORITHMS[0],
      audience: TOKEN_AUDIENCE,
      issuer: TOKEN_ISSUER,
      expiresIn: this.environment.ACCESS_TOKEN_TTL_SECONDS,
    });
    return { accessToken, refreshToken, expiresIn: this.environment.ACCESS_TOKEN_TTL_SECONDS, sessionId: session.id };
  }
}
