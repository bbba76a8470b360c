import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { CasesModule } from '@app/cases';
import { bullConnection, CoreModule, Environment } from '@app/core';
import { CounsellorsModule } from '@app/counsellors';
import { DashboardsModule } from '@app/dashboards';
import { HandoffsModule } from '@app/handoffs';
import { OrganisationsModule } from '@app/organisations';
import { EMAIL_QUEUE, JobsHealthService, MAINTENANCE_QUEUE, REMINDER_QUEUE, RemindersModule } from '@app/reminders';
import { JobsController } from './admin/jobs.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { CasesController } from './cases/cases.controller';
import { DashboardsController } from './dashboards/dashboards.controller';
import { HandoffsController } from './handoffs/handoffs.controller';
import { HealthController } from './health/health.controller';
import { NotificationsController } from './notifications/notifications.controller';
import { OrganisationsController } from './organisations/organisations.controller';
import { ReferenceController } from './reference/reference.controller';
import { UsersController } from './users/users.controller';

/** Composes the domain modules behind the HTTP API; no business logic here. */
@Module({
  imports: [
    CoreModule,
    // The API reads queue sizes for /admin/jobs; the worker moves work into the queues.
    BullModule.forRootAsync({ inject: [Environment], useFactory: (environment: Environment) => bullConnection(environment) }),
    BullModule.registerQueue({ name: REMINDER_QUEUE }, { name: EMAIL_QUEUE }, { name: MAINTENANCE_QUEUE }),
    AuthModule,
    OrganisationsModule,
    CounsellorsModule,
    CasesModule,
    HandoffsModule,
    RemindersModule,
    AuditModule,
    DashboardsModule,
  ],
  providers: [JobsHealthService],
  controllers: [
    AuthController,
    ReferenceController,
    OrganisationsController,
    UsersController,
    CasesController,
    HandoffsController,
    NotificationsController,
    AuditController,
    DashboardsController,
    JobsController,
    HealthController,
  ],
})
export class AppModule {}
