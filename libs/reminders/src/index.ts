export { Notification, type NotificationKind } from './notification.entity';
export { NotificationPage, NotificationQuery, NotificationView, ReadAllResult } from './notifications.dto';
export { NotificationsService, type NotificationDraft } from './notifications.service';
export { Reminder, type ReminderKind } from './reminder.entity';
export { RemindersModule } from './reminders.module';
export { RemindersService } from './reminders.service';
