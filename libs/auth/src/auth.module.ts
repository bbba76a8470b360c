import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { Environment, REDIS } from '@app/core';
import { CounsellorsModule } from '@app/counsellors';
import { OrganisationsModule } from '@app/organisations';
import { AccessGuard } from './access/access.guard';
import { AuthService } from './login/auth.service';
import { LoginThrottle } from './login/login-throttle';
import { RedisThrottlerStorage } from './login/redis-throttler.storage';
import { JwtStrategy } from './tokens/jwt.strategy';
import { RefreshToken, Session } from './tokens/session.entity';
import { SessionService } from './tokens/session.service';

/** Authentication (passport-jwt), sessions, login throttling, and the global access guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Session, RefreshToken]),
    PassportModule,
    JwtModule.register({}),
    CounsellorsModule,
    OrganisationsModule,
    ThrottlerModule.forRootAsync({
      inject: [Environment, REDIS],
      useFactory: (environment: Environment, redis: Redis) => ({
        throttlers: [{ name: 'auth', ttl: 60_000, limit: environment.AUTH_RATE_LIMIT_PER_MINUTE }],
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
  ],
  providers: [AuthService, SessionService, LoginThrottle, JwtStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, SessionService],
})
export class AuthModule {}
