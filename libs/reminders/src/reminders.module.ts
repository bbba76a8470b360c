import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EmailOutboxEntry } from './email-outbox.entity';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';
import { Reminder } from './reminder.entity';
import { RemindersService } from './reminders.service';

@Module({
  imports: [TypeOrmModule.forFeature([Notification, EmailOutboxEntry, Reminder])],
  providers: [NotificationsService, RemindersService],
  exports: [NotificationsService, RemindersService],
})
export class RemindersModule {}
