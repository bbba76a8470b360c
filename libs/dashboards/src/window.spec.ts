import { networkWindow } from './window';

/** 00:00 Europe/Berlin of a date, as the API states it (UTC). */
const berlinMidnight = (date: string, offsetHours: 1 | 2) =>
  new Date(Date.parse(`${date}T00:00:00.000Z`) - offsetHours * 3_600_000).toISOString();
const iso = (window: { from: Date; to: Date }) => ({ from: window.from.toISOString(), to: window.to.toISOString() });

describe('networkWindow: one whole calendar month (Europe/Berlin) that has ended', () => {
  it('defaults to the month before the current one, across a year boundary and a DST change', () => {
    // 15 January 2027: December 2026 (CET).
    expect(iso(networkWindow({}, new Date('2027-01-15T12:00:00Z')))).toEqual({
      from: berlinMidnight('2026-12-01', 1),
      to: berlinMidnight('2027-01-01', 1),
    });
    // 1 April 2027, 00:30 in Berlin (still 31 March in UTC): April has begun, so March, which ends in CEST.
    expect(iso(networkWindow({}, new Date('2027-03-31T22:30:00Z')))).toEqual({
      from: berlinMidnight('2027-03-01', 1),
      to: berlinMidnight('2027-04-01', 2),
    });
  });

  it('takes the month wholly inside [from, to): a month that starts at `from` counts, one that began before does not', () => {
    const now = new Date('2027-01-15T12:00:00Z');
    const november = { from: berlinMidnight('2026-11-01', 1), to: berlinMidnight('2026-12-01', 1) };
    expect(iso(networkWindow({ from: '2026-11-01', to: '2026-12-01' }, now))).toEqual(november);
    // 1 November 2026 00:00 in Berlin, as an instant: the same month start.
    expect(iso(networkWindow({ from: '2026-10-31T23:00:00Z', to: '2026-12-01' }, now))).toEqual(november);
    // One millisecond later, November is no longer whole: December alone.
    expect(iso(networkWindow({ from: '2026-10-31T23:00:00.001Z', to: '2027-01-01' }, now))).toEqual({
      from: berlinMidnight('2026-12-01', 1),
      to: berlinMidnight('2027-01-01', 1),
    });
    // Mid-October to mid-December: November alone is whole.
    expect(iso(networkWindow({ from: '2026-10-15', to: '2026-12-20' }, now))).toEqual(november);
  });

  it('reads `from` alone as its month and `to` alone as the month that ends there (or before it)', () => {
    const now = new Date('2027-01-15T12:00:00Z');
    const november = { from: berlinMidnight('2026-11-01', 1), to: berlinMidnight('2026-12-01', 1) };
    expect(iso(networkWindow({ from: '2026-11-01' }, now))).toEqual(november);
    expect(iso(networkWindow({ to: '2026-12-01' }, now))).toEqual(november);
    expect(iso(networkWindow({ to: '2026-12-20' }, now))).toEqual(november);
    // A `to` in the future ends at the current month's start.
    expect(iso(networkWindow({ to: '2027-06-01' }, now)).from).toBe(berlinMidnight('2026-12-01', 1));
  });

  it('refuses a window without a whole month that has ended, one reversed, and one of several months', () => {
    const now = new Date('2027-01-15T12:00:00Z');
    expect(() => networkWindow({ from: '2026-12-02', to: '2027-01-01' }, now)).toThrow('whole calendar month');
    expect(() => networkWindow({ from: '2027-01-01' }, now)).toThrow('whole calendar month');
    expect(() => networkWindow({ from: '2026-12-01', to: '2026-11-01' }, now)).toThrow('from must be before to');
    expect(() => networkWindow({ from: '2026-11-01', to: '2027-01-01' }, now)).toThrow('one calendar month at a time');
    expect(() => networkWindow({ from: '2024-01-01', to: '2027-01-01' }, now)).toThrow('one calendar month at a time');
    // Ending at the current month's start: December is the one month that counts.
    expect(() => networkWindow({ from: '2026-11-01', to: '2027-06-01' }, now)).toThrow('one calendar month at a time');
  });
});
