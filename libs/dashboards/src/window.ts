import { berlinInstant, ValidationFailed } from '@app/core';

const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 90;
/** Three years, leap day included. */
export const MAX_WINDOW_DAYS = 3 * 365 + 1;

export interface Window {
  from: Date;
  to: Date;
}

/** A date alone (YYYY-MM-DD) means the start of that day in Europe/Berlin. */
function instant(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? berlinInstant(value, 0) : new Date(value);
}

export function dashboardWindow(query: { from?: string; to?: string }, now: Date): Window {
  const to = query.to ? instant(query.to) : now;
  const from = query.from ? instant(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (from >= to) throw new ValidationFailed('from must be before to', [{ field: 'from', message: 'must be before to' }]);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new ValidationFailed(`the window may span at most ${MAX_WINDOW_DAYS} days`, [{ field: 'from', message: 'is too far before to' }]);
  }
  return { from, to };
}
