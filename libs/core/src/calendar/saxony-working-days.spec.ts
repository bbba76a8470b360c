import {
  BUSINESS_TIME_ZONE,
  addSaxonyWorkingDays,
  berlinDate,
  berlinInstant,
  isoWeekOf,
  isSaxonyWorkingDay,
  responseDueAt,
  saxonyHolidayName,
  workingDaysBetween,
} from './saxony-working-days';

const at = (iso: string): Date => new Date(iso);

/** All calendar dates of a year as 'YYYY-MM-DD'. */
function datesOf(year: number): string[] {
  const dates: string[] = [];
  for (let time = Date.UTC(year, 0, 1); time < Date.UTC(year + 1, 0, 1); time += 86_400_000)
    dates.push(new Date(time).toISOString().slice(0, 10));
  return dates;
}

describe('berlinDate', () => {
  it('uses the Europe/Berlin calendar date, not the UTC one', () => {
    expect(BUSINESS_TIME_ZONE).toBe('Europe/Berlin');
    expect(berlinDate(at('2026-01-15T22:59:59.999Z'))).toBe('2026-01-15');
    expect(berlinDate(at('2026-01-15T23:00:00Z'))).toBe('2026-01-16');
    expect(berlinDate(at('2026-07-15T21:59:59Z'))).toBe('2026-07-15');
    expect(berlinDate(at('2026-07-15T22:00:00Z'))).toBe('2026-07-16');
    expect(berlinDate(at('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('is right on both sides of the DST changes, including the repeated hour', () => {
    expect(berlinDate(at('2026-03-29T00:59:59Z'))).toBe('2026-03-29'); // 01:59:59 CET
    expect(berlinDate(at('2026-03-29T01:00:00Z'))).toBe('2026-03-29'); // 03:00 CEST
    expect(berlinDate(at('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(berlinDate(at('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
    expect(berlinDate(at('2026-10-25T00:30:00Z'))).toBe('2026-10-25'); // 02:30 CEST
    expect(berlinDate(at('2026-10-25T01:30:00Z'))).toBe('2026-10-25'); // 02:30 CET
    expect(berlinDate(at('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(berlinDate(at('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });

  it('refuses an invalid Date', () => {
    expect(() => berlinDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("Saxony's public holidays", () => {
  it.each([
    ['2025-01-01', 'Neujahr'],
    ['2025-04-18', 'Karfreitag'],
    ['2025-04-21', 'Ostermontag'],
    ['2025-05-01', 'Maifeiertag'],
    ['2025-05-29', 'Christi Himmelfahrt'],
    ['2025-06-09', 'Pfingstmontag'],
    ['2025-10-03', 'Tag der Deutschen Einheit'],
    ['2025-10-31', 'Reformationstag'], // Friday
    ['2025-11-19', 'Buß- und Bettag'], // Wednesday before 23 November
    ['2025-12-25', '1. Weihnachtstag'],
    ['2025-12-26', '2. Weihnachtstag'],
    ['2026-01-01', 'Neujahr'],
    ['2026-04-03', 'Karfreitag'],
    ['2026-04-06', 'Ostermontag'],
    ['2026-05-01', 'Maifeiertag'],
    ['2026-05-14', 'Christi Himmelfahrt'],
    ['2026-05-25', 'Pfingstmontag'],
    ['2026-10-03', 'Tag der Deutschen Einheit'], // Saturday
    ['2026-10-31', 'Reformationstag'], // Saturday
    ['2026-11-18', 'Buß- und Bettag'],
    ['2026-12-25', '1. Weihnachtstag'],
    ['2026-12-26', '2. Weihnachtstag'],
    ['2027-01-01', 'Neujahr'],
  ])('%s is %s and not a working day', (date, name) => {
    expect(saxonyHolidayName(date)).toBe(name);
    expect(isSaxonyWorkingDay(date)).toBe(false);
  });

  it('has exactly the 11 statutory holidays a year', () => {
    for (const year of [2024, 2025, 2026, 2027, 2030]) {
      const names = datesOf(year)
        .map(saxonyHolidayName)
        .filter((name) => name !== null);
      expect(names).toHaveLength(11);
    }
  });

  it('puts Buß- und Bettag on the Wednesday before 23 November every year', () => {
    for (let year = 2020; year <= 2040; year++) {
      const bussUndBettag = datesOf(year).filter((date) => saxonyHolidayName(date) === 'Buß- und Bettag');
      expect(bussUndBettag).toHaveLength(1);
      const [date] = bussUndBettag;
      expect(new Date(`${date}T12:00:00Z`).getUTCDay()).toBe(3);
      expect(date >= `${year}-11-16` && date <= `${year}-11-22`).toBe(true);
    }
  });

  it('knows Easter 2026: Good Friday 3 April and Easter Monday 6 April; Maundy Thursday is a working day', () => {
    expect(isSaxonyWorkingDay('2026-04-02')).toBe(true);
    expect(saxonyHolidayName('2026-04-02')).toBeNull();
    expect(isSaxonyWorkingDay('2026-04-03')).toBe(false);
    expect(saxonyHolidayName('2026-04-05')).toBeNull(); // Easter Sunday: an observance, and a Sunday anyway
    expect(isSaxonyWorkingDay('2026-04-05')).toBe(false);
    expect(isSaxonyWorkingDay('2026-04-06')).toBe(false);
    expect(isSaxonyWorkingDay('2026-04-07')).toBe(true);
  });

  it('treats Christmas Eve and New Year’s Eve as working days (bank half-days, not public holidays)', () => {
    expect(saxonyHolidayName('2026-12-24')).toBeNull();
    expect(isSaxonyWorkingDay('2026-12-24')).toBe(true);
    expect(isSaxonyWorkingDay('2026-12-31')).toBe(true);
    expect(isSaxonyWorkingDay('2025-12-24')).toBe(true);
  });

  it('does not count Fronleichnam (a holiday only in some Sorbian municipalities)', () => {
    expect(saxonyHolidayName('2026-06-04')).toBeNull();
    expect(isSaxonyWorkingDay('2026-06-04')).toBe(true);
    expect(isSaxonyWorkingDay('2025-06-19')).toBe(true);
  });

  it.each([
    ['2027-01-06', 'Heilige Drei Könige (BW, BY, ST)'],
    ['2027-03-08', 'Internationaler Frauentag (BE, MV)'],
    ['2027-09-20', 'Weltkindertag (TH)'],
    ['2027-11-01', 'Allerheiligen (BW, BY, NW, RP, SL)'],
    ['2025-08-15', 'Mariä Himmelfahrt (SL, parts of BY)'],
    ['2026-02-16', 'Rosenmontag (observance)'],
    ['2026-11-02', 'Allerseelen (observance)'],
  ])('does not count %s — %s', (date) => {
    expect(saxonyHolidayName(date)).toBeNull();
    expect(isSaxonyWorkingDay(date)).toBe(true);
  });

  it('counts weekends as non-working days', () => {
    expect(isSaxonyWorkingDay('2026-11-07')).toBe(false); // Saturday
    expect(isSaxonyWorkingDay('2026-11-08')).toBe(false); // Sunday
    expect(isSaxonyWorkingDay('2026-11-09')).toBe(true); // Monday
  });

  it('has 250 working days in 2025 and 253 in 2026', () => {
    expect(datesOf(2025).filter(isSaxonyWorkingDay)).toHaveLength(250);
    expect(datesOf(2026).filter(isSaxonyWorkingDay)).toHaveLength(253);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-1-5', '05.01.2026', '2026-01-05T00:00:00Z', ''])('refuses the non-date %p', (date) => {
    expect(() => isSaxonyWorkingDay(date)).toThrow(RangeError);
    expect(() => saxonyHolidayName(date)).toThrow(RangeError);
  });
});

describe('addSaxonyWorkingDays and responseDueAt', () => {
  it('Friday 30.10.2026 evening + 3 working days is due at the end of Wednesday 04.11.2026 (Reformationstag on Saturday)', () => {
    const sent = at('2026-10-30T18:45:00Z'); // 19:45 CET
    expect(addSaxonyWorkingDays(sent, 3)).toBe('2026-11-04');
    expect(responseDueAt(sent, 3)).toEqual(at('2026-11-04T23:00:00Z'));
  });

  it('Tuesday 17.11.2026 + 1 working day skips Buß- und Bettag and is due at the end of Thursday 19.11.2026', () => {
    const sent = at('2026-11-17T09:00:00Z');
    expect(addSaxonyWorkingDays(sent, 1)).toBe('2026-11-19');
    expect(responseDueAt(sent, 1)).toEqual(at('2026-11-19T23:00:00Z'));
  });

  it('skips Reformationstag 2025 (Friday) and Buß- und Bettag 2025', () => {
    expect(addSaxonyWorkingDays(at('2025-10-30T10:00:00Z'), 1)).toBe('2025-11-03');
    expect(addSaxonyWorkingDays(at('2025-11-18T10:00:00Z'), 1)).toBe('2025-11-20');
  });

  it('skips Easter 2026 and Christmas / New Year', () => {
    expect(addSaxonyWorkingDays(at('2026-04-02T10:00:00Z'), 1)).toBe('2026-04-07');
    expect(addSaxonyWorkingDays(at('2026-12-23T10:00:00Z'), 2)).toBe('2026-12-28'); // 24th, then 28th
    expect(addSaxonyWorkingDays(at('2026-12-30T10:00:00Z'), 2)).toBe('2027-01-04'); // 31st, then Monday 4 Jan
    expect(addSaxonyWorkingDays(at('2025-12-23T10:00:00Z'), 3)).toBe('2025-12-30'); // 24th, 29th, 30th
  });

  it('never counts the day of sending, even when it is a holiday or a weekend', () => {
    expect(addSaxonyWorkingDays(at('2026-10-31T10:00:00Z'), 1)).toBe('2026-11-02'); // sent on Saturday/Reformationstag
    expect(addSaxonyWorkingDays(at('2026-11-18T10:00:00Z'), 1)).toBe('2026-11-19'); // sent on Buß- und Bettag
    expect(addSaxonyWorkingDays(at('2026-11-16T10:00:00Z'), 1)).toBe('2026-11-17');
  });

  it('counts from the Berlin date: 23:30 Berlin is still that day, 00:30 Berlin (23:30 UTC the day before) is the next', () => {
    // Tuesday 17.11.2026 23:30 CET = 22:30Z: counts from Tuesday, so +1 skips Buß- und Bettag.
    expect(addSaxonyWorkingDays(at('2026-11-17T22:30:00Z'), 1)).toBe('2026-11-19');
    // Monday 16.11.2026 23:30 UTC is Tuesday 00:30 in Berlin: counts from Tuesday, not Monday.
    expect(addSaxonyWorkingDays(at('2026-11-16T23:30:00Z'), 1)).toBe('2026-11-19');
    expect(addSaxonyWorkingDays(at('2026-11-16T22:59:59Z'), 1)).toBe('2026-11-17');
    // Summer time: Thursday 02.07.2026 22:30 UTC is Friday 00:30 CEST.
    expect(addSaxonyWorkingDays(at('2026-07-02T21:30:00Z'), 1)).toBe('2026-07-03'); // Thursday 23:30 CEST
    expect(addSaxonyWorkingDays(at('2026-07-02T22:30:00Z'), 1)).toBe('2026-07-06');
  });

  it('puts the deadline at 24:00 Berlin across the DST changes', () => {
    // Due Monday 30.03.2026 (the day after clocks go forward): 24:00 CEST = 22:00 UTC.
    expect(addSaxonyWorkingDays(at('2026-03-27T12:00:00Z'), 1)).toBe('2026-03-30');
    expect(responseDueAt(at('2026-03-27T12:00:00Z'), 1)).toEqual(at('2026-03-30T22:00:00Z'));
    // Due Friday 27.03.2026 (still winter time): 24:00 CET = 23:00 UTC.
    expect(responseDueAt(at('2026-03-26T12:00:00Z'), 1)).toEqual(at('2026-03-27T23:00:00Z'));
    // Due Monday 26.10.2026 (the day after clocks go back): 24:00 CET = 23:00 UTC.
    expect(responseDueAt(at('2026-10-23T12:00:00Z'), 1)).toEqual(at('2026-10-26T23:00:00Z'));
    // Due Friday 23.10.2026 (still summer time): 24:00 CEST = 22:00 UTC.
    expect(responseDueAt(at('2026-10-22T12:00:00Z'), 1)).toEqual(at('2026-10-23T22:00:00Z'));
  });

  it('for every send day of 2024–2030 and 1–15 working days: the due date is a later working day, and the deadline is the instant the Berlin date turns', () => {
    for (let time = Date.UTC(2024, 0, 1, 11); time < Date.UTC(2031, 0, 1); time += 86_400_000) {
      const sent = new Date(time);
      for (const days of [1, 2, 3, 5, 10, 15]) {
        const due = addSaxonyWorkingDays(sent, days);
        const deadline = responseDueAt(sent, days);
        if (!isSaxonyWorkingDay(due) || due <= berlinDate(sent)) throw new Error(`bad due date ${due} for ${sent.toISOString()}`);
        if (berlinDate(new Date(deadline.getTime() - 1)) !== due || berlinDate(deadline) === due)
          throw new Error(`deadline ${deadline.toISOString()} is not the end of ${due}`);
        if (deadline.getUTCMinutes() !== 0 || deadline.getUTCSeconds() !== 0 || ![22, 23].includes(deadline.getUTCHours()))
          throw new Error(`deadline ${deadline.toISOString()} is not 24:00 Berlin`);
        if (workingDaysBetween(sent, at(`${due}T10:00:00Z`)) !== days - 1)
          throw new Error(`inconsistent with workingDaysBetween at ${due}`);
      }
    }
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p working days', (days) => {
    expect(() => addSaxonyWorkingDays(at('2026-11-17T09:00:00Z'), days)).toThrow(RangeError);
    expect(() => responseDueAt(at('2026-11-17T09:00:00Z'), days)).toThrow(RangeError);
  });

  it('refuses an invalid send instant', () => {
    expect(() => addSaxonyWorkingDays(new Date('nonsense'), 1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days strictly between the two Berlin dates', () => {
    expect(workingDaysBetween(at('2026-11-16T08:00:00Z'), at('2026-11-16T20:00:00Z'))).toBe(0); // same day
    expect(workingDaysBetween(at('2026-11-16T08:00:00Z'), at('2026-11-17T08:00:00Z'))).toBe(0); // neighbours
    expect(workingDaysBetween(at('2026-11-06T08:00:00Z'), at('2026-11-09T08:00:00Z'))).toBe(0); // Friday → Monday
    expect(workingDaysBetween(at('2026-11-17T08:00:00Z'), at('2026-11-19T08:00:00Z'))).toBe(0); // over Buß- und Bettag
    expect(workingDaysBetween(at('2026-11-16T08:00:00Z'), at('2026-11-20T08:00:00Z'))).toBe(2); // Tue, Thu
    // Thu 29.10.2026 → Thu 05.11.2026: Fri 30.10, Mon 2.11, Tue 3.11, Wed 4.11.
    expect(workingDaysBetween(at('2026-10-29T08:00:00Z'), at('2026-11-05T08:00:00Z'))).toBe(4);
  });

  it('uses Berlin dates at both ends', () => {
    // Monday 16.11.2026 23:30 UTC is already Tuesday in Berlin; Friday 20.11 00:30 Berlin is Thursday 23:30 UTC.
    expect(workingDaysBetween(at('2026-11-16T23:30:00Z'), at('2026-11-19T23:30:00Z'))).toBe(1); // Tue → Fri: Thu
    expect(workingDaysBetween(at('2026-11-16T22:30:00Z'), at('2026-11-19T22:30:00Z'))).toBe(1); // Mon → Thu: Tue
  });

  it('is anti-symmetric', () => {
    expect(workingDaysBetween(at('2026-11-05T08:00:00Z'), at('2026-10-29T08:00:00Z'))).toBe(-4);
  });

  it('counts whole years: 250 working days in 2025 and 253 in 2026', () => {
    expect(workingDaysBetween(at('2024-12-31T12:00:00Z'), at('2026-01-01T12:00:00Z'))).toBe(250);
    expect(workingDaysBetween(at('2025-12-31T12:00:00Z'), at('2027-01-01T12:00:00Z'))).toBe(253);
    expect(workingDaysBetween(at('2024-12-31T12:00:00Z'), at('2027-01-01T12:00:00Z'))).toBe(250 + 253);
  });

  it('agrees with counting day by day for many random spans', () => {
    let seed = 12345;
    const next = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const base = Date.UTC(2023, 0, 1);
    for (let run = 0; run < 500; run++) {
      const from = new Date(base + Math.floor(next() * 6 * 365 * 86_400_000));
      const to = new Date(from.getTime() + Math.floor(next() * 120 * 86_400_000));
      let expected = 0;
      for (const dates = [berlinDate(from), berlinDate(to)], day = new Date(`${dates[0]}T12:00:00Z`); ;) {
        day.setUTCDate(day.getUTCDate() + 1);
        const date = day.toISOString().slice(0, 10);
        if (date >= dates[1]) break;
        if (isSaxonyWorkingDay(date)) expected++;
      }
      expect(workingDaysBetween(from, to)).toBe(expected);
    }
  });
});

describe('berlinInstant', () => {
  it('is the Berlin wall-clock hour of a date, in winter and summer time', () => {
    expect(berlinInstant('2026-01-15', 8).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(berlinInstant('2026-07-15', 8).toISOString()).toBe('2026-07-15T06:00:00.000Z');
    expect(berlinInstant('2026-03-29', 8).toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });
});

describe('isoWeekOf', () => {
  it('names the ISO week of a date, which belongs to the year of its Thursday', () => {
    expect(isoWeekOf('2026-11-23')).toEqual({ label: '2026-W48', monday: '2026-11-23', sunday: '2026-11-29' });
    expect(isoWeekOf('2026-11-29')).toEqual({ label: '2026-W48', monday: '2026-11-23', sunday: '2026-11-29' });
    expect(isoWeekOf('2026-11-30').label).toBe('2026-W49');
    // 2026 began on a Thursday: it has 53 weeks, and its last one reaches into 2027.
    expect(isoWeekOf('2027-01-03')).toEqual({ label: '2026-W53', monday: '2026-12-28', sunday: '2027-01-03' });
    expect(isoWeekOf('2027-01-04').label).toBe('2027-W01');
    // The first week of 2025 began in 2024; 2021 began in the last week of 2020.
    expect(isoWeekOf('2024-12-30')).toEqual({ label: '2025-W01', monday: '2024-12-30', sunday: '2025-01-05' });
    expect(isoWeekOf('2021-01-03').label).toBe('2020-W53');
  });

  it('gives every day of a Monday-to-Sunday week the same week, and the next week the next number', () => {
    let previous = isoWeekOf('2019-12-30');
    for (const date of [...datesOf(2020), ...datesOf(2021), ...datesOf(2022)]) {
      const week = isoWeekOf(date);
      expect(new Date(`${week.monday}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(week.monday <= date && date <= week.sunday).toBe(true);
      if (week.monday === previous.monday) expect(week).toEqual(previous);
      else {
        const [year, number] = week.label.split('-W').map(Number);
        const [lastYear, lastNumber] = previous.label.split('-W').map(Number);
        expect(year === lastYear ? number - lastNumber : number).toBe(1);
      }
      previous = week;
    }
  });
});
