export { EmailOutboxEntry } from './email-outbox.entity';
export { Notification, NOTIFICATION_KINDS, type NotificationKind } from './notification.entity';
export { NotificationPage, NotificationQuery, NotificationView, ReadAllResult } from './notifications.dto';
export {
  elseLeadsElseTeamSql,
  NotificationsService,
  TEAM_ROLES,
  teamOfSql,
  type NotificationDraft,
  type TeamInbox,
} from './notifications.service';
export { Reminder, type ReminderKind } from './reminder.entity';
export { RemindersModule } from './reminders.module';
export { RemindersService, type ReminderDraft } from './reminders.service';
export { DueWorkEnqueuer, SKIP_PENDING_EMAILS_SQL, type TickResult } from './delivery/due-work-enqueuer';
export { EmailDeliveryService } from './delivery/email-delivery.service';
export {
  JOBS_REPORT_COUNTS_SQL,
  JobsHealthService,
  type FailedJob,
  type JobsHealth,
  type QueueState,
} from './delivery/jobs-health.service';
export { ReminderDeliveryService, type DeliveryOutcome } from './delivery/reminder-delivery.service';
export { REMINDER_HANDLERS, type ReminderHandler, type ReminderHandlers } from './delivery/reminder-handlers';
export {
  DEFAULT_JOB_OPTIONS,
  EMAIL_QUEUE,
  emailJobId,
  MAINTENANCE_QUEUE,
  REMINDER_QUEUE,
  type EmailJob,
  type ReminderJob,
} from './delivery/queues';
export { Mailer, MAILER_SETTINGS, type MailerSettings } from './email/mailer';
