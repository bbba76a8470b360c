import Holidays from 'date-holidays';

/**
 * Working days in Saxony (Leipzig), for hand-off response due dates.
 *
 * A working day is Monday to Friday unless it is a statutory public holiday in Saxony (date-holidays,
 * country DE, state SN, type 'public' only — observances such as Fronleichnam, which is a holiday only in
 * some Sorbian municipalities, and bank half-days such as Heiligabend are excluded).
 * All calendar reasoning happens on Europe/Berlin calendar dates ('YYYY-MM-DD'); day arithmetic is done on
 * those dates via UTC midnights, so DST never shifts a day. Only the last step (responseDueAt) converts a
 * Berlin wall-clock time back to an instant.
 */

export const BUSINESS_TIME_ZONE = 'Europe/Berlin';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const berlinParts = new Intl.DateTimeFormat('en-US', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: Date): WallClock {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('invalid date');
  const parts: Record<string, number> = {};
  for (const part of berlinParts.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Berlin's offset from UTC in milliseconds at the instant (+1 h in winter, +2 h in summer). */
function berlinOffsetMs(instant: Date): number {
  const wall = wallClock(instant);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (instant.getTime() - instant.getUTCMilliseconds());
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' calendar date; throws on anything that is not a real date. */
function dayNumber(date: string): number {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const utc = Date.UTC(year, month - 1, day);
    const check = new Date(utc);
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) return utc / DAY_MS;
  }
  throw new RangeError(`'${String(date)}' is not a calendar date (YYYY-MM-DD)`);
}

function dateOfDayNumber(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(days: number): number {
  return new Date(days * DAY_MS).getUTCDay();
}

let saxonyCalendar: Holidays | undefined;
const holidaysByYear = new Map<number, ReadonlyMap<string, string>>();

/** Saxony's public holidays of a year, by Berlin calendar date. */
function publicHolidays(year: number): ReadonlyMap<string, string> {
  let holidays = holidaysByYear.get(year);
  if (holidays === undefined) {
    saxonyCalendar ??= new Holidays('DE', 'SN', { types: ['public'], languages: ['de'], timezone: BUSINESS_TIME_ZONE });
    const byDate = new Map<string, string>();
    for (const holiday of saxonyCalendar.getHolidays(year, 'de')) {
      // Belt and braces: the types option already restricts to 'public'; regional or optional entries never count.
      if (holiday.type !== 'public') continue;
      const date = holiday.date.slice(0, 10);
      if (!byDate.has(date)) byDate.set(date, holiday.name);
    }
    holidays = byDate;
    holidaysByYear.set(year, holidays);
  }
  return holidays;
}

function holidayOn(days: number): string | null {
  const date = dateOfDayNumber(days);
  return publicHolidays(Number(date.slice(0, 4))).get(date) ?? null;
}

function isWorkingDayNumber(days: number): boolean {
  const day = weekday(days);
  return day !== 0 && day !== 6 && holidayOn(days) === null;
}

/** 'YYYY-MM-DD' of the instant in Europe/Berlin. */
export function berlinDate(instant: Date): string {
  const { year, month, day } = wallClock(instant);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isSaxonyWorkingDay(date: string /* YYYY-MM-DD */): boolean {
  return isWorkingDayNumber(dayNumber(date));
}

/** The name of the public holiday on that Berlin date, or null. */
export function saxonyHolidayName(date: string): string | null {
  return holidayOn(dayNumber(date));
}

/** The working day that is `days` working days after the Berlin date of `from` (days >= 1; the day of `from` itself never counts). */
export function addSaxonyWorkingDays(from: Date, days: number): string {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`days must be a whole number >= 1, got ${days}`);
  let current = dayNumber(berlinDate(from));
  let remaining = days;
  while (remaining > 0) {
    current++;
    if (isWorkingDayNumber(current)) remaining--;
  }
  return dateOfDayNumber(current);
}

/** The instant of 00:00 Europe/Berlin at the start of a calendar date (midnight is never skipped or repeated in Berlin). */
function startOfBerlinDay(days: number): Date {
  return berlinWallClock(days, 0);
}

/** The Berlin calendar month of an instant, counted in months since year 0 (so months add and compare as numbers). */
export function berlinMonth(instant: Date): number {
  const [year, month] = berlinDate(instant).split('-').map(Number);
  return year * 12 + month - 1;
}

/** 00:00 Europe/Berlin on the first day of a month counted as berlinMonth counts it. */
export function berlinMonthStart(month: number): Date {
  const year = Math.floor(month / 12);
  return berlinInstant(`${String(year).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01`, 0);
}

/** The instant of a Berlin wall-clock hour on a calendar date, e.g. 08:00 for follow-up reminders. */
export function berlinInstant(date: string, hour: number): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be 0-23, got ${hour}`);
  return berlinWallClock(dayNumber(date), hour);
}

/** Hours between 00 and 23 other than 02 are never skipped or repeated by DST in Berlin. */
function berlinWallClock(days: number, hour: number): Date {
  const wallAsUtc = days * DAY_MS + hour * 3_600_000;
  // The offset at the candidate instant decides; a second pass settles the rare case where the first guess
  // lands on the other side of a DST change.
  let instant = wallAsUtc - berlinOffsetMs(new Date(wallAsUtc));
  instant = wallAsUtc - berlinOffsetMs(new Date(instant));
  return new Date(instant);
}

/** The calendar date `days` days after (or, negative, before) a date. */
export function addCalendarDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** An ISO week (Monday to Sunday): its label, e.g. `2026-W48`, and its first and last Berlin dates. */
export interface IsoWeek {
  label: string;
  monday: string;
  sunday: string;
}

/** The ISO week a Berlin date falls in; the week belongs to the year of its Thursday (ISO 8601). */
export function isoWeekOf(date: string): IsoWeek {
  const days = dayNumber(date);
  const monday = days - ((weekday(days) + 6) % 7);
  const thursday = dateOfDayNumber(monday + 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor((monday + 3 - dayNumber(`${year}-01-01`)) / 7) + 1;
  return { label: `${year}-W${String(week).padStart(2, '0')}`, monday: dateOfDayNumber(monday), sunday: dateOfDayNumber(monday + 6) };
}

/** The instant a response is due: the end (24:00 Europe/Berlin, i.e. the start of the next calendar day) of the working day addSaxonyWorkingDays(from, days). Handles DST correctly. */
export function responseDueAt(from: Date, days: number): Date {
  return startOfBerlinDay(dayNumber(addSaxonyWorkingDays(from, days)) + 1);
}

/**
 * Whole working days strictly between two instants' Berlin dates (for dashboards): neither end date counts.
 * Anti-symmetric: if `to` is before `from`, the result is the negated count.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  const start = dayNumber(berlinDate(from));
  const end = dayNumber(berlinDate(to));
  if (end < start) return -workingDaysBetween(to, from);
  const first = start + 1;
  const last = end - 1;
  if (last < first) return 0;
  return weekdaysThrough(last) - weekdaysThrough(first - 1) - weekdayHolidaysBetween(first, last);
}

/** Mondays to Fridays in day numbers [0, days], shifted by a full-week anchor so negatives work too. */
function weekdaysThrough(days: number): number {
  // Day 0 (1970-01-01) was a Thursday; day 4 (1970-01-05) a Monday. Count whole weeks from a Monday anchor.
  const fromMonday = days - 4;
  const weeks = Math.floor(fromMonday / 7);
  const rest = fromMonday - weeks * 7; // 0 (Monday) … 6 (Sunday)
  return weeks * 5 + Math.min(rest + 1, 5);
}

function weekdayHolidaysBetween(first: number, last: number): number {
  const firstYear = Number(dateOfDayNumber(first).slice(0, 4));
  const lastYear = Number(dateOfDayNumber(last).slice(0, 4));
  let count = 0;
  for (let year = firstYear; year <= lastYear; year++) {
    for (const date of publicHolidays(year).keys()) {
      const days = dayNumber(date);
      const day = weekday(days);
      if (days >= first && days <= last && day !== 0 && day !== 6) count++;
    }
  }
  return count;
}
