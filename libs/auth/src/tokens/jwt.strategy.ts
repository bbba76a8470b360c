import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Environment } from '@app/core';
import type { Actor } from '../access/actor';
import { SessionService } from './session.service';
import { TOKEN_ALGORITHMS, TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenClaims } from './token-settings';

/** Verifies the bearer token (signature, algorithm, audience, issuer, expiry), then its session and user. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly environment: Environment,
    private readonly sessions: SessionService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A key object built once: given a string, jsonwebtoken builds one on every verify (~0.3 ms).
      // passport-jwt hands it to jsonwebtoken unchanged; only its type declaration lacks KeyObject.
      secretOrKey: createSecretKey(Buffer.from(environment.JWT_SECRET)) as unknown as Buffer,
      algorithms: [...TOKEN_ALGORITHMS],
      audience: TOKEN_AUDIENCE,
      issuer: TOKEN_ISSUER,
      ignoreExpiration: false,
      // The request, for its address: the actor carries it to the audit entries it causes.
      passReqToCallback: true,
    });
  }

  /** Returning null makes passport answer 401. */
  async validate(request: { ip?: string }, claims: AccessTokenClaims): Promise<Actor | null> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    if (!this.issuedLikeOurs(claims)) return null;
    return this.sessions.actorForAccessToken(claims, request.ip);
  }

  /**
   * jsonwebtoken accepts a token without `exp` and any lifetime it states. Ours state both times, at
   * most ACCESS_TOKEN_TTL_SECONDS apart, issued no later than now (a minute of clock skew allowed):
   * a token lasting longer was not made here.
   */
  private issuedLikeOurs(claims: AccessTokenClaims): boolean {
    const { iat, exp } = claims;
    if (!Number.isInteger(iat) || !Number.isInteger(exp)) return false;
    return exp - iat <= this.environment.ACCESS_TOKEN_TTL_SECONDS && iat <= Date.now() / 1000 + CLOCK_SKEW_SECONDS;
  }
}

const CLOCK_SKEW_SECONDS = 60;
