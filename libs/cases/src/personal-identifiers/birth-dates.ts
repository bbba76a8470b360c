import { matchesOf, textAfter, wordsBefore, type Span } from './spans';

const MONTHS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    1: 'januar jänner january jan',
    2: 'februar feber february feb',
    3: 'märz maerz march mär mrz mar',
    4: 'april apr',
    5: 'mai may',
    6: 'juni june jun',
    7: 'juli july jul',
    8: 'august aug',
    9: 'september sept sep',
    10: 'oktober october okt oct',
    11: 'november nov',
    12: 'dezember december dez dec',
  }).flatMap(([month, names]) => names.split(' ').map((name): [string, number] => [name, Number(month)])),
);
const MONTH_NAME = `(?<monthName>${[...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|')})(?!\\p{L})\\.?`;

const BEFORE_NUMBER = String.raw`(?<![\p{L}\p{N}.,/\-])`;
const AFTER_NUMBER = String.raw`(?![\p{N}]|[.,]\d)`;
const DAY = String.raw`(?<day>\d{1,2})`;
const MONTH = String.raw`(?<month>\d{1,2})`;
const YEAR = String.raw`(?<year>\d{4}|\d{2})`;
const ORDINAL = String.raw`(?:\.|st|nd|rd|th)?`;

/** The shapes a full date is written in, German and English. Named groups: day, month or monthName, year. */
const DATE_PATTERNS: readonly RegExp[] = [
  // 12.03.1987, 12.3.87, 12. 03. 1987
  new RegExp(String.raw`${BEFORE_NUMBER}${DAY}\.[ \t]?${MONTH}\.[ \t]?${YEAR}${AFTER_NUMBER}`, 'gu'),
  // 12/03/1987, 12-03-1987 (day and month may also be the other way round: see monthFirstAllowed)
  new RegExp(String.raw`${BEFORE_NUMBER}${DAY}(?<separator>[/\-])${MONTH}\k<separator>${YEAR}${AFTER_NUMBER}`, 'gu'),
  // 1987-03-12, 1987/03/12
  new RegExp(String.raw`${BEFORE_NUMBER}(?<year>(?:19|20)\d{2})(?<separator>[\-/.])${MONTH}\k<separator>${DAY}${AFTER_NUMBER}`, 'gu'),
  // 12. März 1987, 3rd March 1987, 3 of March, 1987
  new RegExp(String.raw`${BEFORE_NUMBER}${DAY}${ORDINAL}[ \t]{0,2}(?:of[ \t]{1,2})?${MONTH_NAME},?[ \t]{1,2}${YEAR}${AFTER_NUMBER}`, 'giu'),
  // March 3, 1987, March 3rd 1987
  new RegExp(String.raw`(?<![\p{L}])${MONTH_NAME}[ \t]{1,2}${DAY}(?:st|nd|rd|th)?,?[ \t]{1,2}${YEAR}${AFTER_NUMBER}`, 'giu'),
];

/** Dates without a year and times: never identifiers themselves, but their digits must not be read as a phone number. */
const PARTIAL_DATE_OR_TIME_PATTERNS: readonly RegExp[] = [
  // 01.02. (day and month, the year left out)
  /(?<![\p{N}.])(?:0?[1-9]|[12]\d|3[01])\.[ \t]?(?:0?[1-9]|1[0-2])\.(?![ \t]?\d)/gu,
  // 09/2025, 03.2026 (month and year)
  /(?<![\p{N}./])(?:0?[1-9]|1[0-2])[/.](?:19|20)\d{2}(?!\p{N})/gu,
  // 14:30, 08.30-12.00 Uhr, 9.15 Uhr (a dot only counts with a range or "Uhr")
  /(?<![\p{N}.:])(?:[01]?\d|2[0-3]):[0-5]\d(?:[ \t]?(?:-|–|bis)[ \t]?(?:[01]?\d|2[0-3])[.:][0-5]\d)?/gu,
  /(?<![\p{N}.:])(?:[01]?\d|2[0-3])\.[0-5]\d(?:[ \t]?(?:-|–|bis)[ \t]?(?:[01]?\d|2[0-3])[.:][0-5]\d(?:[ \t]?(?:Uhr|h)(?!\p{L}))?|[ \t]?(?:Uhr|h)(?!\p{L}))/gu,
];

/** Birth keywords, German and English (the genealogical asterisk, "* 12.03.1987", is checked separately). */
const BIRTH_KEYWORD =
  /(?<![\p{L}\p{N}])(?:geb\.|geb(?![\p{L}])|geboren|geburt\p{L}*|born|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|née?)(?![\p{L}])/giu;
/** Words that place a date as an event or a document (not a birth): the date belongs to them. */
const EVENT_KEYWORD = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:` +
    [
      String.raw`\p{L}*bescheid\p{L}*|schreiben|brief|\p{L}*antrag\p{L}*|beantragt|anhörung|einreise|eingereist|ankunft|angekommen`,
      String.raw`zuzug|zugezogen|umzug|\p{L}*termin\p{L}*|frist\p{L}*|urteil|beschluss|klage|widerspruch|\p{L}*vertrag|rechnung|mahnung`,
      String.raw`kündigung|zustellung|zugestellt|eingang|eingegangen|anmeldung|abmeldung|entscheidung|bewilligung|ablehnung|gültig\p{L}*`,
      String.raw`ausgestellt|ausstellung|befristet|verlängert|verlängerung|stand|letter|decision|notice|application|hearing`,
      String.raw`gespräch\p{L}*|gesprochen|aufenthalt\p{L}*`,
      String.raw`appointment|arriv\p{L}*|entered|entry|contract|deadline|valid|dated|issued|expires?|expiry|meeting|consultation`,
      // prepositions of periods: "vom … bis …", "seit dem …" (not "von"/"from": "Tochter von Amal 12.03.2015")
      String.raw`vom|bis|ab|seit|since|until|till|zwischen|between`,
    ].join('|') +
    String.raw`)(?![\p{L}])`,
  'giu',
);
/** Between a birth keyword and its date: a few words, no digits, no end of sentence ("Geburtsdatum des Kindes ist der"). */
const GAP_TO_BIRTH_DATE = /^[^\p{N}.!?;\n]{0,40}$/u;
/**
 * Between an event word and its date: at most two words ("Bescheid vom", "Einreise in Deutschland:"), so that a name
 * in between ("Termin für Herrn Ahmadi, 12.03.1987") does not make a birth date look like an event.
 */
const GAP_TO_EVENT_DATE = /^[\s:,(]*(?:[\p{L}-]+(?:[\s:,(]+|$)){0,2}$/u;
const BIRTH_AFTER_DATE = /^[^\p{N}.!?;\n]{0,30}?(?<![\p{L}])(?:geboren|born|zur welt)(?![\p{L}])/iu;
const EVENT_VERBS = `eingereist angekommen zugezogen umgezogen ausgestellt erteilt verlängert abgelehnt bewilligt zugestellt
  eingegangen beantragt gestellt arrived issued submitted received`.split(/\s+/);
const EVENT_AFTER_DATE = new RegExp(
  String.raw`^(?:[^\p{N}.!?;\n]{0,30}?(?<![\p{L}])(?:${EVENT_VERBS.join('|')})(?![\p{L}])` +
    // the start of a period ("12.01.2024-20.02.2024", "… bis 20.02.") or a timestamp ("2024-12-03T10:00")
    String.raw`|[ \t]{0,2}(?:-|–|bis|to|until)[ \t]{0,2}\d|T\d)`,
  'iu',
);
/** The end of a period: "12.01.2024 - 20.02.2024". */
const PERIOD_BEFORE_DATE = /\d[ \t]{0,2}(?:-|–)[ \t]{0,2}$/u;

/** How far before a date a keyword may stand (a few words). */
const KEYWORD_WINDOW = 60;

interface DateMatch extends Span {
  year: number;
  twoDigitYear: boolean;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** All full dates with a valid day and month; two-digit years are read as the latest year not after `currentYear`. */
function findDates(text: string, currentYear: number): DateMatch[] {
  const dates: DateMatch[] = [];
  for (const pattern of DATE_PATTERNS) {
    for (const match of matchesOf(pattern, text)) {
      const groups = match.groups ?? {};
      const yearText = groups.year;
      const twoDigitYear = yearText.length === 2;
      let year = Number(yearText);
      if (twoDigitYear) year += year + 2000 <= currentYear ? 2000 : 1900;
      const day = Number(groups.day);
      const month = groups.monthName ? (MONTHS.get(groups.monthName.toLowerCase()) ?? 0) : Number(groups.month);
      // 03/12/1987 may be month first (English usage): accept either reading.
      const monthFirstAllowed = groups.separator === '/' && !groups.monthName;
      if (!isValidDate(year, month, day) && !(monthFirstAllowed && isValidDate(year, day, month))) continue;
      dates.push({ start: match.index, end: match.index + match[0].length, year, twoDigitYear });
    }
  }
  return dates;
}

/** The end offset of the last keyword in the window that is close enough to the date (the window's end), or -1. */
function lastKeywordEnd(pattern: RegExp, window: string, gap: RegExp): number {
  let end = -1;
  for (const match of matchesOf(pattern, window)) {
    if (gap.test(window.slice(match.index + match[0].length))) end = Math.max(end, match.index + match[0].length);
  }
  return end;
}

/**
 * Dates that look like birth dates:
 * - any full date with a birth keyword a few words before it ("geb.", "geboren am", "DOB:", "* ") or "geboren" after it;
 * - otherwise a date with a four-digit year from 1900 up to two years ago, unless a nearer word places it as an event
 *   or a document ("Bescheid vom", "Einreise am", "seit", "bis", "… eingereist"): those are the dates counsellors need.
 * Dates of the current and the previous year are appointments and letters, never flagged without a birth keyword.
 */
export function findBirthDates(text: string, now: Date): Span[] {
  const currentYear = now.getFullYear();
  const spans: Span[] = [];
  for (const date of findDates(text, currentYear)) {
    const before = wordsBefore(text, date.start, KEYWORD_WINDOW);
    const after = textAfter(text, date.end, KEYWORD_WINDOW);
    const birthKeywordEnd = /\*[ \t]?$/.test(before) ? before.length : lastKeywordEnd(BIRTH_KEYWORD, before, GAP_TO_BIRTH_DATE);
    const eventKeywordEnd = lastKeywordEnd(EVENT_KEYWORD, before, GAP_TO_EVENT_DATE);
    // The nearer keyword decides: "geboren in Aleppo, Einreise am …" is an entry date.
    const birthBefore = birthKeywordEnd > eventKeywordEnd;
    const eventBefore = eventKeywordEnd > birthKeywordEnd;
    const birthNamed = birthBefore || (!eventBefore && BIRTH_AFTER_DATE.test(after));
    const plausibleBirthYear = !date.twoDigitYear && date.year >= 1900 && date.year <= currentYear - 2;
    const placedAsEvent = eventBefore || EVENT_AFTER_DATE.test(after) || PERIOD_BEFORE_DATE.test(before);
    if (birthNamed || (plausibleBirthYear && !placedAsEvent)) spans.push({ start: date.start, end: date.end });
  }
  return spans;
}

/** Every date and time, whatever its year, for detectors that must not read date digits as something else. */
export function dateAndTimeSpans(text: string, now: Date): Span[] {
  const spans: Span[] = findDates(text, now.getFullYear()).map(({ start, end }) => ({ start, end }));
  for (const pattern of PARTIAL_DATE_OR_TIME_PATTERNS) {
    for (const match of matchesOf(pattern, text)) spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
