import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { CasesModule } from '@app/cases';
import { CoreModule } from '@app/core';
import { CounsellorsModule } from '@app/counsellors';
import { HandoffsModule } from '@app/handoffs';
import { OrganisationsModule } from '@app/organisations';
import { RemindersModule } from '@app/reminders';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { CasesController } from './cases/cases.controller';
import { HandoffsController } from './handoffs/handoffs.controller';
import { HealthController } from './health/health.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { OrganisationsController } from './organisations/organisations.controller';
import { ReferenceController } from './reference/reference.controller';
import { UsersController } from './users/users.controller';

/** Composes the domain modules behind the HTTP API; no business logic here. */
@Module({
  imports: [CoreModule, AuthModule, OrganisationsModule, CounsellorsModule, CasesModule, HandoffsModule, RemindersModule, AuditModule],
  controllers: [
    AuthController,
    ReferenceController,
    OrganisationsController,
    UsersController,
    CasesController,
    HandoffsController,
    NotificationsController,
    AuditController,
    HealthController,
  ],
})
export class AppModule {}
