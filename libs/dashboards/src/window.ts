import { berlinInstant, berlinMonth, berlinMonthStart, ValidationFailed } from '@app/core';

const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 90;
/** Three years, leap day included. */
export const MAX_WINDOW_DAYS = 3 * 365 + 1;
/** The network dashboard's default: the last three calendar months that have ended. */
export const DEFAULT_NETWORK_MONTHS = 3;
export const MAX_NETWORK_MONTHS = 36;

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
  assertOrdered(from, to);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new ValidationFailed(`the window may span at most ${MAX_WINDOW_DAYS} days`, [{ field: 'from', message: 'is too far before to' }]);
  }
  return { from, to };
}

/**
 * The network dashboard's window: the whole calendar months (Europe/Berlin) within [from, to) that
 * have ended; by default the last three. Free windows would let the coordinator, who must never see
 * a single case, isolate one hand-off: two windows a millisecond apart, or two calls a minute apart,
 * differ by exactly the hand-offs in between, with their organisations, domains and languages. Fixed
 * months that are over, with every figure counted by when its event happened, leave nothing to
 * subtract but other whole months.
 */
export function networkWindow(query: { from?: string; to?: string }, now: Date): Window {
  const current = berlinMonth(now);
  if (query.from && query.to) assertOrdered(instant(query.from), instant(query.to));
  const last = query.to ? Math.min(berlinMonth(instant(query.to)), current) : current;
  const first = query.from ? firstMonthFrom(instant(query.from)) : last - DEFAULT_NETWORK_MONTHS;
  if (first >= last) {
    throw new ValidationFailed('the window holds no whole calendar month that has ended', [
      { field: 'from', message: 'the network dashboard counts whole calendar months (Europe/Berlin) that have ended' },
    ]);
  }
  if (last - first > MAX_NETWORK_MONTHS) {
    throw new ValidationFailed(`the window may span at most ${MAX_NETWORK_MONTHS} months`, [
      { field: 'from', message: 'is too far before to' },
    ]);
  }
  return { from: berlinMonthStart(first), to: berlinMonthStart(last) };
}

function assertOrdered(from: Date, to: Date): void {
  if (from >= to) throw new ValidationFailed('from must be before to', [{ field: 'from', message: 'must be before to' }]);
}

/** The first month that starts at or after the instant. */
function firstMonthFrom(instant: Date): number {
  const month = berlinMonth(instant);
  return berlinMonthStart(month).getTime() === instant.getTime() ? month : month + 1;
}
