import { networkWindow } from './window';

/** 00:00 Europe/Berlin of a date, as the API states it (UTC). */
const berlinMidnight = (date: string, offsetHours: 1 | 2) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) - offsetHours * 3_600_000).toISOString();
const iso = (window: { from: Date; to: Date }) => ({ from: window.from.toISOString(), to: window.to.toISOString() });

describe('networkWindow: whole calendar months (Europe/Berlin) that have ended', () => {
  it('defaults to the three months before the current one, across a year boundary and both DST changes', () => {
    // 15 January 2027: October (CEST at its start) to December 2026 (CET).
    expect(iso(networkWindow({}, new Date('2027-01-15T12:00:00Z')))).toEqual({
      from: berlinMidnight('2026-10-01', 2),
      to: berlinMidnight('2027-01-01', 1),
    });
    // 1 April 2027, 00:30 in Berlin (still 31 March in UTC): April has begun, so January to March.
    expect(iso(networkWindow({}, new Date('2027-03-31T22:30:00Z')))).toEqual({
      from: berlinMidnight('2027-01-01', 1),
      to: berlinMidnight('2027-04-01', 2),
    });
  });

  it('takes the months wholly inside [from, to): a month that starts at `from` counts, one that began before does not', () => {
    const now = new Date('2027-01-15T12:00:00Z');
    expect(iso(networkWindow({ from: '2026-11-01', to: '2027-01-01' }, now))).toEqual({
      from: berlinMidnight('2026-11-01', 1),
      to: berlinMidnight('2027-01-01', 1),
    });
    // 1 November 2026 00:00 in Berlin, as an instant: the same month start.
    expect(iso(networkWindow({ from: '2026-10-31T23:00:00Z', to: '2027-01-01' }, now)).from).toBe(berlinMidnight('2026-11-01', 1));
    // One millisecond later, November is no longer whole: December alone.
    expect(iso(networkWindow({ from: '2026-10-31T23:00:00.001Z', to: '2027-01-01' }, now))).toEqual({
      from: berlinMidnight('2026-12-01', 1),
      to: berlinMidnight('2027-01-01', 1),
    });
    // A `to` in the middle of a month ends the window at that month's start; one in the future at the current month's.
    expect(iso(networkWindow({ from: '2026-09-01', to: '2026-11-20' }, now)).to).toBe(berlinMidnight('2026-11-01', 1));
    expect(iso(networkWindow({ from: '2026-09-01', to: '2027-06-01' }, now)).to).toBe(berlinMidnight('2027-01-01', 1));
  });

  it('refuses a window without a whole month that has ended, one reversed, and one over 36 months', () => {
    const now = new Date('2027-01-15T12:00:00Z');
    expect(() => networkWindow({ from: '2026-12-02', to: '2027-01-01' }, now)).toThrow('whole calendar month');
    expect(() => networkWindow({ from: '2027-01-01' }, now)).toThrow('whole calendar month');
    expect(() => networkWindow({ from: '2026-12-01', to: '2026-11-01' }, now)).toThrow('from must be before to');
    expect(() => networkWindow({ from: '2023-12-01', to: '2027-01-01' }, now)).toThrow('at most 36 months');
    expect(iso(networkWindow({ from: '2024-01-01', to: '2027-01-01' }, now)).from).toBe(berlinMidnight('2024-01-01', 1));
  });
});
