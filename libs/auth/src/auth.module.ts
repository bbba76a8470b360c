import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { CounsellorsModule } from '@app/counsellors';
import { OrganisationsModule } from '@app/organisations';
import { RemindersModule } from '@app/reminders';
import { AccessGuard } from './access/access.guard';
import { AuthService } from './login/auth.service';
import { LoginThrottle } from './login/login-throttle';
import { AuthRateLimit } from './login/auth-rate-limit.guard';
import { JwtStrategy } from './tokens/jwt.strategy';
import { RefreshToken, Session } from './tokens/session.entity';
import { SessionService } from './tokens/session.service';

/** Authentication (passport-jwt), sessions, login throttling and rate limits, and the global access guard. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Session, RefreshToken]),
    PassportModule,
    JwtModule.register({}),
    CounsellorsModule,
    OrganisationsModule,
    RemindersModule,
    AuditModule,
  ],
  providers: [AuthRateLimit, AuthService, SessionService, LoginThrottle, JwtStrategy, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, SessionService, AuthRateLimit],
})
export class AuthModule {}
