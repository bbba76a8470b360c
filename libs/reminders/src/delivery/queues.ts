/** BullMQ queue names (no ':' allowed in names or job ids). */
export const REMINDER_QUEUE = 'reminders';
export const EMAIL_QUEUE = 'email';
export const MAINTENANCE_QUEUE = 'maintenance';

/** Retries with backoff; failed jobs are kept for a week so they stay visible. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export interface ReminderJob {
  reminderId: string;
}

export interface EmailJob {
  notificationId: string;
}

/** A worker that claimed an e-mail and has not finished it this long after is presumed dead: the e-mail is tried again. */
export const EMAIL_CLAIM_TIMEOUT_MS = 5 * 60_000;

export const emailJobId = (notificationId: string) => `email-${notificationId}`;
