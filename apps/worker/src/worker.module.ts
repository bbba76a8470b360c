import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CaseRemindersService, CasesModule } from '@app/cases';
import { bullConnection, CoreModule, Environment } from '@app/core';
import { HandoffRemindersService, HandoffsModule } from '@app/handoffs';
import {
  DueWorkEnqueuer,
  EMAIL_QUEUE,
  EmailDeliveryService,
  Mailer,
  MAILER_SETTINGS,
  MAINTENANCE_QUEUE,
  REMINDER_HANDLERS,
  REMINDER_QUEUE,
  ReminderDeliveryService,
  RemindersModule,
  type MailerSettings,
  type ReminderHandlers,
} from '@app/reminders';
import { EmailProcessor, MaintenanceProcessor, ReminderProcessor } from './processors';
import { WorkerLoop } from './worker-loop';

/**
 * The BullMQ worker process: no HTTP server, domain modules only. Each reminder kind is handled by
 * the module that owns its subject, wired here explicitly.
 */
@Module({
  imports: [
    CoreModule,
    BullModule.forRootAsync({ inject: [Environment], useFactory: (environment: Environment) => bullConnection(environment) }),
    BullModule.registerQueue({ name: REMINDER_QUEUE }, { name: EMAIL_QUEUE }, { name: MAINTENANCE_QUEUE }),
    RemindersModule,
    CasesModule,
    HandoffsModule,
    AuditModule,
  ],
  providers: [
    {
      provide: REMINDER_HANDLERS,
      inject: [HandoffRemindersService, CaseRemindersService],
      useFactory: (handoffs: HandoffRemindersService, cases: CaseRemindersService): ReminderHandlers => ({
        handoff_response_due: (manager, reminders) => handoffs.responseDue(manager, reminders),
        handoff_escalation: (manager, reminders) => handoffs.escalation(manager, reminders),
        handoff_expiry: (manager, reminders) => handoffs.expiry(manager, reminders),
        handoff_outcome_due: (manager, reminders) => handoffs.outcomeDue(manager, reminders),
        case_follow_up: (manager, reminders) => cases.followUpDue(manager, reminders),
      }),
    },
    {
      provide: MAILER_SETTINGS,
      inject: [Environment],
      useFactory: (environment: Environment): MailerSettings => ({ url: environment.SMTP_URL ?? null, from: environment.SMTP_FROM }),
    },
    Mailer,
    ReminderDeliveryService,
    EmailDeliveryService,
    DueWorkEnqueuer,
    ReminderProcessor,
    EmailProcessor,
    MaintenanceProcessor,
    WorkerLoop,
  ],
})
export class WorkerModule {}
