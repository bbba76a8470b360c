import type { EntityManager } from 'typeorm';
import type { Reminder, ReminderKind } from '../reminder.entity';

/**
 * What delivering a reminder does, per kind; runs inside the transaction that claimed the reminder,
 * so its effect commits exactly once. Provided by the domain modules that own the subjects
 * (hand-offs, cases) and composed explicitly by the worker app.
 */
export type ReminderHandler = (manager: EntityManager, reminder: Reminder) => Promise<void>;
export type ReminderHandlers = Record<ReminderKind, ReminderHandler>;
export const REMINDER_HANDLERS = Symbol('REMINDER_HANDLERS');
