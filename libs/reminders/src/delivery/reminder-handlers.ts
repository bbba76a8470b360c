import type { EntityManager } from 'typeorm';
import type { Reminder, ReminderKind } from '../reminder.entity';

/**
 * What delivering reminders does, per kind; runs inside the transaction that claimed them, so each
 * effect commits exactly once. It gets all the reminders of its kind in the batch at once (never an
 * empty list), so that it can read and write for all of them in a few set-based statements. Provided
 * by the domain modules that own the subjects (hand-offs, cases) and composed explicitly by the
 * worker app.
 */
export type ReminderHandler = (manager: EntityManager, reminders: Reminder[]) => Promise<void>;
export type ReminderHandlers = Record<ReminderKind, ReminderHandler>;
export const REMINDER_HANDLERS = Symbol('REMINDER_HANDLERS');
