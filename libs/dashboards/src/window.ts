import { berlinMonth, berlinMonthStart, ValidationFailed, windowInstant } from '@app/core';

const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 90;
/** Three years, leap day included. */
export const MAX_WINDOW_DAYS = 3 * 365 + 1;

export interface Window {
  from: Date;
  to: Date;
}

export function dashboardWindow(query: { from?: string; to?: string }, now: Date): Window {
  const to = query.to ? windowInstant(query.to) : now;
  const from = query.from ? windowInstant(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  assertOrdered(from, to);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new ValidationFailed(`the window may span at most ${MAX_WINDOW_DAYS} days`, [{ field: 'from', message: 'is too far before to' }]);
  }
  return { from, to };
}

/**
 * The network dashboard's window: one whole calendar month (Europe/Berlin) that has ended; by
 * default the last one. The coordinator must never see a single case, so:
 * - free windows are out: two windows a millisecond apart, or one window asked for a minute apart,
 *   differ by exactly the hand-offs in between, with their organisations, domains and languages;
 *   a month that is over, with every figure counted by when its event happened, never changes;
 * - ranges of months are out too: August–October minus September–October is August, cell by cell,
 *   including the cells that August on its own shows as "<5". Months never overlap, so there is
 *   nothing to subtract.
 */
export function networkWindow(query: { from?: string; to?: string }, now: Date): Window {
  const current = berlinMonth(now);
  if (query.from && query.to) assertOrdered(windowInstant(query.from), windowInstant(query.to));
  // `from` alone names its month, `to` alone the month before it; each bounds the other when both are given.
  const fromMonth = query.from ? firstMonthFrom(windowInstant(query.from)) : undefined;
  const last = Math.min(query.to ? berlinMonth(windowInstant(query.to)) : (fromMonth ?? current - 1) + 1, current);
  const first = fromMonth ?? last - 1;
  if (first >= last) {
    throw new ValidationFailed('the window holds no whole calendar month that has ended', [
      { field: 'from', message: 'the network dashboard counts one whole calendar month (Europe/Berlin) that has ended' },
    ]);
  }
  if (last - first > 1) {
    throw new ValidationFailed('the network dashboard counts one calendar month at a time', [
      {
        field: 'to',
        message:
          'ask for each month on its own: a range of months could be subtracted from an overlapping one to recover the cells shown as "<5"',
      },
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
