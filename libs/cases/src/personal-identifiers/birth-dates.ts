import { RELATIVES } from './people';
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

/** Not inside a longer number, version or file name ("2.1.12.03.1987", "Kap.12.3.2019"), but after "geb." or a word's comma ("geb.12.03.1987", "Ali,12.03.2010"). */
const BEFORE_NUMBER = String.raw`(?:(?<![\p{L}\p{N}.,/\-])|(?<=\p{L},)|(?<=(?<![\p{L}])[Gg]eb\.))`;
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
  // 12. März 1987, 3rd March 1987, 3 of March, 1987; as in passports: 12 MAR 1987, 12-MAR-1987, 12MAR1987
  new RegExp(
    String.raw`${BEFORE_NUMBER}${DAY}${ORDINAL}(?:[ \t]{0,2}(?:of[ \t]{1,2})?|-)${MONTH_NAME}(?:,?[ \t]{1,2}|-|(?=\d))${YEAR}${AFTER_NUMBER}`,
    'giu',
  ),
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
  /(?<![\p{L}\p{N}])(?:geb\.(?:-?[ \t]?dat(?:um|\.)?)?|(?:geb|geboren|geburt\p{L}*|born|gave birth|given birth|dob|d\.o\.b\.?|date of birth|birth ?date|birthday|née?)(?![\p{L}]))/giu;
/** "geboren" after the date: "ist am 14.07.1979 in Kabul geboren". */
const BIRTH_AFTER_WORD = /(?<![\p{L}])(?:geboren|geb\.|geb(?![\p{L}])|born|zur welt)(?![\p{L}])/iu;
/**
 * Children, whose birth dates fall in the years the wider rule below covers (an adult's are older):
 * between an event word and an introduced date one of them makes the date theirs ("Termin für
 * Tochter Amal am …", "Kindergeld erhalten, Sohn am …").
 */
const CHILD_WORDS = String.raw`sohn|söhne|sohnes|tochter|töchter|kind|kinder|kindes|baby|babys|säugling|enkel\p{L}*|neugeborene\p{L}*|mädchen|son|sons|daughters?|child|children|babies|grandchild\p{L}*|newborn|boy|girl`;
const CHILD_WORD = new RegExp(String.raw`(?<![\p{L}])(?:${CHILD_WORDS})(?![\p{L}])`, 'iu');

const alternatives = (list: string) => list.trim().split(/\s+/).join('|');
/**
 * Nouns that name an event or a document. German compounds end in them ("Erstgespräch", "Hausbesuch",
 * "Arbeitsbeginn", "Aufenthaltserlaubnis"), so any letters may precede them, and an inflection may follow.
 * (Not "Ende" or "Stand" as the end of a compound: "Alleinerziehende", "Familienstand".)
 */
const EVENT_NOUNS = alternatives(`
  bescheid schreiben brief antrag anhörung urteil beschluss klage widerspruch vertrag rechnung mahnung kündigung zustellung
  eingang entscheidung bewilligung ablehnung zusage absage ladung bestätigung nachweis ausstellung verlängerung meldung
  erlaubnis genehmigung duldung gestattung anerkennung zuerkennung titel
  einreise ausreise ankunft rückkehr flucht zuzug umzug einzug auszug abschiebung überstellung registrierung zuweisung
  termin frist gespräch kontakt besuch treffen beratung sitzung vorsprache telefonat anruf rückruf sprechstunde begleitung
  konferenz übergabe aufnahme beginn start abschluss kurs prüfung praktikum einschulung einstellung entlassung maßnahme
  teilnahme bewerbung heirat hochzeit eheschließung scheidung trennung unfall operation festnahme inhaftierung tod
`);
/** Event nouns that also begin compounds ("Terminvereinbarung", "Antragstellung", "Gültigkeit", "Aufenthaltstitel"). */
const EVENT_STEMS = alternatives('bescheid antrag termin frist gespräch aufenthalt gültig');
/**
 * English event words, adjectives of documents, "Stand:" and the prepositions of periods ("vom … bis …", "seit dem …";
 * not "von" or "from": "Tochter von Amal 12.03.2015").
 */
const OTHER_EVENT_WORDS = alternatives(String.raw`
  appointments? meetings? visits? contact call session consultation interview hearing letter decision notice application
  entry arrival marriage wedding divorce course job employment contract registration permit deadline expiry
  dated valid expires? issued entered arriv\p{L}* stand urt\. beschl\. befristet
  beantragt eingereist angekommen zugezogen ausgestellt verlängert zugestellt eingegangen gesprochen
  vom bis ab seit since until till zwischen between
`);
/** Words before a date that place it as an event or a document; the last one close enough to the date counts. */
const EVENT_KEYWORD = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:\p{L}*(?:${EVENT_STEMS})\p{L}*|\p{L}*(?:${EVENT_NOUNS})(?:e|es|s|n|en|er|ern|ns)?` +
    String.raw`|\p{L}+datum|${OTHER_EVENT_WORDS})(?![\p{L}])`,
  'giu',
);
/**
 * Words that date a record, or name an event a child's or a client's date is as often written after ("Datum:", "Status:",
 * "Attest", "Impfung", "Zahlung"): they place only a recent date, and only right before it ("Attest vom …", "Impfung
 * 12.05.2024"), not across a name ("Attest Tochter 05.06.2014", "Update von Amal, …"), and "Datum: 12.03.1987" is as likely
 * the client's.
 */
const RECORD_WORD = /(?<![\p{L}\p{N}])(?:datum|date|status|update|mail|e-mail|information|\p{L}*(?:mitteilung|nachricht))(?![\p{L}])/giu;
/**
 * Events a child's date is as often written after ("Attest Tochter 05.06.2014", "Impfung Amal 05.06.2014"): they place a
 * date right before them, or introduced ("Evakuierung aus Kabul am 26.08.2021"), never across a name without "am".
 */
const CLOSE_EVENT_NOUNS = alternatives(`
  verfahren eskalation bescheinigung inobhutnahme einsicht vereinbarung zeugnis attest gutachten zahlung überweisung
  impfung diagnose sanktion erinnerung evakuierung gesuch stichtag
`);
const CLOSE_EVENT_WORD = new RegExp(String.raw`(?<![\p{L}\p{N}])\p{L}*(?:${CLOSE_EVENT_NOUNS})(?:en)?(?![\p{L}])`, 'giu');
/** Between a record word and its date: only words that introduce a date. */
const GAP_TO_RECORD_DATE = /^[\s:,(]*(?:(?:vom|v\.|am|der|des|zum|from|of|on|dated)(?:[\s:,(]+|$)){0,2}$/iu;
/** Participles and verbs of events: right before a date ("erteilt am", "met on") or after it in the same clause. */
const EVENT_VERBS = alternatives(`
  eingereist angekommen zugezogen umgezogen eingezogen ausgezogen ausgereist abgeschoben zugewiesen registriert
  ausgestellt erteilt verlängert abgelehnt bewilligt anerkannt zugestellt eingegangen beantragt gestellt erhalten bekommen
  begonnen angefangen beendet abgeschlossen bestanden eingeschult eingestellt gekündigt entlassen unterschrieben
  unterzeichnet geführt stattgefunden erfolgt gesprochen getroffen kontaktiert angerufen telefoniert vorgesprochen
  vorgestellt angemeldet abgemeldet geheiratet verstorben gestorben festgenommen inhaftiert eingereicht geschickt
  verschickt versandt abgegeben durchgeführt operiert geschlossen datiert
  met visited contacted called arrived entered moved married divorced started began begun joined enrolled hired signed
  submitted received issued granted refused rejected approved registered applied expired deported released
`);
const EVENT_VERB = new RegExp(String.raw`(?<![\p{L}])(?:${EVENT_VERBS})(?![\p{L}])`, 'iu');
/** After a date, not "bekommen"/"erhalten": a child is "bekommen" too. */
const EVENT_VERB_AFTER = new RegExp(String.raw`(?<![\p{L}])(?!(?:bekommen|erhalten)(?![\p{L}]))(?:${EVENT_VERBS})(?![\p{L}])`, 'iu');

/**
 * Between a birth keyword and its date: a few words, no digits, no end of sentence ("Geburtsdatum des Kindes ist der");
 * the dot of an abbreviation is no end ("Geburtsdatum d. Kindes", "lt. Pass"), but "vor." is.
 */
const GAP_TO_BIRTH_DATE = /^(?:[^\p{N}.!?;\n]|(?<=(?<![\p{L}])(?:[Dd]|[Ll]t|[Gg]em|[Dd]at|[Gg]eb|[Bb]zw))\.){0,40}$/u;
/** Adults a date may belong to: between an event word and an old date they make it theirs ("Kontakt: Mutter 12.03.1965"). */
const PEOPLE = [
  ...RELATIVES,
  ...String.raw`eltern ehemann ehefrau mann frau herr herrn klient\p{L}* oma opa mother father brother sister husband wife client`.split(
    ' ',
  ),
].join('|');
/**
 * Between an event word and its date: at most two words ("Bescheid vom", "Einreise in Deutschland:"), so that a name
 * in between ("Termin für Herrn Ahmadi, 12.03.1987") does not make a birth date look like an event.
 */
const GAP_TO_EVENT_DATE = /^[\s:,(]*(?:(?:[\p{L}-]+|v\.)(?:[\s:,(]+|$)){0,2}$/u;
/**
 * For a date older than RECENT_EVENT_YEARS, no person between: in "Kontakt: Mutter 12.03.1965" or "Beratung Frau Ahmadi
 * 12.03.1987" the word between names whose date it is ("Einreise Deutschland 12.03.2005" stays an event).
 */
const GAP_TO_OLD_EVENT_DATE = new RegExp(
  String.raw`^[\s:,(]*(?:(?:(?!(?:${PEOPLE}|${CHILD_WORDS})(?![\p{L}]))[\p{L}-]+|v\.)(?:[\s:,(]+|$)){0,2}$`,
  'iu',
);
/**
 * Meetings take a person: "Beratung Ahmadi 12.03.1987", "Erstgespräch mit Ali (12.03.1987)". With a capitalised word
 * between, an old date is that person's (an entry or a decision takes a place: "Einreise Deutschland 12.03.2005").
 */
const MEETING_WORD = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:\p{L}*(?:beratung|kontakt|termin|gespräch|besuch|treffen|sitzung|telefonat|anruf|rückruf|sprechstunde|begleitung)` +
    String.raw`|meeting|call|consultation|interview|session|visit|contact|appointment)(?![\p{L}])`,
  'giu',
);
const GAP_WITH_A_NAME = /^(?=[^\n]*\p{Lu})[\s:,(]*(?:[\p{L}.'’-]+(?:[\s:,(]+|$)){1,3}$/u;
/** Capitalised words that name an office, not a person: "Termin Ausländerbehörde 12.03.2005", "Interview BAMF …". */
const OFFICE =
  /^(?:BAMF|ABH|ZAB|LDS|JC|AA|DRK|AWO|UNHCR|IOM|VHS|\p{Lu}\p{L}*(?:behörde|amt|stelle|center|centre|zentrum|gericht|büro|wohnheim|kinderheim|schule|office|agentur|verwaltung|dienst|verein|klinik|praxis))$/u;

/** Where a meeting word ends that a person's name follows before the date ("Beratung Ahmadi "), or -1. */
function meetingWithANameEnd(before: string): number {
  const end = lastKeywordEnd(MEETING_WORD, before, GAP_WITH_A_NAME);
  if (end < 0) return -1;
  const names = before.slice(end).match(/\p{Lu}[\p{L}'’-]*/gu) ?? [];
  return names.some((word) => !OFFICE.test(word)) ? end : -1;
}
/** Between an event verb and its date: a colon or a preposition at most ("Duldung erteilt am …", "We met on …"). */
const GAP_TO_VERB_DATE = /^[ \t]*(?::|(?:am|vom|zum|seit|ab|on)(?![\p{L}]))?[ \t]*$/iu;
/**
 * When a preposition introduces the date ("am", "vom", "on"), the event word may stand further back in its clause
 * (no digits, no end of sentence between): "Einreise nach Deutschland am …", "Hausbesuch bei Frau K. am …".
 */
const DATE_PREPOSITION = /(?<![\p{L}])(?:am|vom|v\.|zum|on)[ \t]*$/iu;
const GAP_TO_INTRODUCED_DATE = new RegExp(
  // words and initials only: no comma or bracket (another clause), no child (the date may be theirs)
  String.raw`^[\s:]*(?:(?:(?!(?:${CHILD_WORDS})(?![\p{L}]))[\p{L}'’-]+|\p{Lu}\.|v\.)(?:[\s:]+|$)){0,8}$`,
  'iu',
);
/** The rest of the clause after a date: up to the next digit or end of sentence. */
const CLAUSE_AFTER_DATE = /^[^\p{N}.!?;\n]*/u;
/** A date opening a line or a sentence, as in a log: "12.03.2024: Hausbesuch" (a bullet may precede it). */
const LINE_START_BEFORE = /(?:^|[\n!?;]|(?<=\p{L}\p{L}|\))\.)[ \t]*(?:[-–•][ \t]*)?$/u;
/** The event right after such a date. */
const EVENT_RIGHT_AFTER = new RegExp(String.raw`^[ \t]*[:–-]?[ \t]*${EVENT_KEYWORD.source}`, 'iu');
/** The start of a period ("12.01.2024-20.02.2024", "… bis 20.02.") or a timestamp ("2024-12-03T10:00"). */
const PERIOD_AFTER_DATE = /^(?:[ \t]{0,2}(?:-|–|bis|to|until)[ \t]{0,2}\d|T\d)/iu;
/** The end of a period: "12.01.2024 - 20.02.2024". */
const PERIOD_BEFORE_DATE = /\d[ \t]{0,2}(?:-|–)[ \t]{0,2}$/u;

/** How many years back a date may be placed as an event by a word further back in its clause. */
const RECENT_EVENT_YEARS = 18;
/** How many years back a record word ("Datum:", "Update", "Attest") may place a date: a child's is older. */
const RECENT_RECORD_YEARS = 4;
/** How far before a date a keyword may stand (its clause); how far after it "geboren" or an event verb may follow. */
const KEYWORD_WINDOW = 80;
const BIRTH_AFTER_WINDOW = 30;
const EVENT_AFTER_WINDOW = 60;

/** Eight digits, or three groups, as in "geb. 12031987", "geb. 12 03 1987": a date only right after a birth keyword. */
const COMPACT_DATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${DAY.replace('{1,2}', '{2}')}[ \t]?${MONTH.replace('{1,2}', '{2}')}[ \t]?(?<year>(?:19|20)\d{2})(?!\p{N})`,
  'gu',
);

/** A compact date counts only right after a birth keyword ("geb. 12031987", "DOB:12031987"), not a sentence later. */
const BIRTH_KEYWORD_RIGHT_BEFORE = /(?<![\p{L}])(?:geb\.?|geboren(?:[ \t]+am)?|geburtsdatum|dob|d\.o\.b\.?|born(?:[ \t]+on)?)[ \t:]*$/iu;

interface DateMatch extends Span {
  year: number;
  twoDigitYear: boolean;
  /** Written without separators: a date only when a birth keyword names it. */
  compact?: boolean;
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
  for (const match of matchesOf(COMPACT_DATE, text)) {
    const { day, month, year } = match.groups ?? {};
    if (isValidDate(Number(year), Number(month), Number(day)))
      dates.push({ start: match.index, end: match.index + match[0].length, year: Number(year), twoDigitYear: false, compact: true });
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

/** The offset of the first match in text, or -1. */
const firstIndex = (pattern: RegExp, text: string) => pattern.exec(text)?.index ?? -1;

/** A date that looks like a birth date; `named` if a birth word says so (not just its age). */
export interface BirthDateSpan extends Span {
  named: boolean;
}

/**
 * Dates that look like birth dates:
 * - any full date named as one: a birth keyword a few words before it ("geb.", "geboren am", "DOB:", "* "), or
 *   "geboren"/"born" shortly after it ("ist am 14.07.1979 in Kabul geboren");
 * - otherwise a date with a four-digit year from 1900 up to two years ago, unless words in its clause place it as an
 *   event or a document: an event word a few words before it ("Bescheid vom", "Erstgespräch am", "Last contact"; for
 *   a date older than 18 years no person between, and no name after a meeting: "Beratung Ahmadi 12.03.1987"), or
 *   further back when a preposition introduces the date ("Einreise nach Deutschland am …"), a record word right before
 *   a date of the last few years ("Datum:", "Attest vom"), a participle right before it ("erteilt am") or after an introduced date
 *   ("am 15.08.2015 eingereist"), an event right after a date that opens a line ("12.03.2024: Hausbesuch"), or a
 *   period ("seit", "bis", "12.01.2023 - 20.02.2023");
 * - a compact date ("12031987", "12 03 1987") only right after a birth keyword.
 * Of a birth and an event word on the same side, the nearer one decides ("geboren in Aleppo, Einreise am …" is an
 * entry date); "geboren" after the date without a comma between names it a birth date whatever stands before.
 * Dates of the current and the previous year are appointments and letters, never flagged without a birth keyword.
 */
export function findBirthDates(text: string, now: Date): BirthDateSpan[] {
  const currentYear = now.getFullYear();
  const spans: BirthDateSpan[] = [];
  for (const date of findDates(text, currentYear)) {
    const before = wordsBefore(text, date.start, KEYWORD_WINDOW);
    const clauseAfter = CLAUSE_AFTER_DATE.exec(textAfter(text, date.end, EVENT_AFTER_WINDOW))?.[0] ?? '';

    const birthKeywordEnd = /\*[ \t]?$/.test(before) ? before.length : lastKeywordEnd(BIRTH_KEYWORD, before, GAP_TO_BIRTH_DATE);
    // The wider clause counts only for a date of the last 17 years: "Termin für Herrn Ahmadi am 12.03.1987" is
    // more likely an adult's birth date than a meeting, while an entry or a first talk is recent.
    const recent = date.year > currentYear - RECENT_EVENT_YEARS;
    const byPreposition = recent && DATE_PREPOSITION.test(before);
    let eventKeywordEnd = Math.max(
      lastKeywordEnd(EVENT_KEYWORD, before, byPreposition ? GAP_TO_INTRODUCED_DATE : recent ? GAP_TO_EVENT_DATE : GAP_TO_OLD_EVENT_DATE),
      date.year > currentYear - RECENT_RECORD_YEARS ? lastKeywordEnd(RECORD_WORD, before, GAP_TO_RECORD_DATE) : -1,
      recent ? lastKeywordEnd(CLOSE_EVENT_WORD, before, byPreposition ? GAP_TO_INTRODUCED_DATE : GAP_TO_RECORD_DATE) : -1,
      // a verb further back only with a preposition: "moved to Leipzig on …", not "Kindergeld erhalten, Sohn …"
      lastKeywordEnd(EVENT_VERB, before, byPreposition ? GAP_TO_INTRODUCED_DATE : GAP_TO_VERB_DATE),
    );
    // An old date after a meeting and a name is that person's, whatever event word stands further back.
    if (!recent && meetingWithANameEnd(before) >= eventKeywordEnd) eventKeywordEnd = -1;
    // The nearer keyword decides; a word that is both ("Geburtstermin") is a birth word.
    const birthBefore = birthKeywordEnd >= 0 && birthKeywordEnd >= eventKeywordEnd;
    const eventBefore = eventKeywordEnd > birthKeywordEnd;

    const opensLine = LINE_START_BEFORE.test((before.length === date.start ? '\n' : '') + before);
    const introduced = byPreposition || opensLine;
    const birthAfterAt = firstIndex(BIRTH_AFTER_WORD, clauseAfter);
    // An event verb after the date ("am 15.08.2015 eingereist"), unless a child stands between: "am 12.03.2020
    // ihr drittes Kind bekommen" is a birth.
    const verbAfterAt = introduced ? firstIndex(EVENT_VERB_AFTER, clauseAfter) : -1;
    const eventAfterAt = verbAfterAt >= 0 && !CHILD_WORD.test(clauseAfter.slice(0, verbAfterAt)) ? verbAfterAt : -1;
    const birthAfter = birthAfterAt >= 0 && birthAfterAt <= BIRTH_AFTER_WINDOW && (eventAfterAt < 0 || birthAfterAt < eventAfterAt);
    const eventAfter = eventAfterAt >= 0 && !birthAfter;

    const birthNamed = birthBefore || (birthAfter && (!eventBefore || !clauseAfter.slice(0, birthAfterAt).includes(',')));
    const placedAsEvent =
      eventBefore ||
      eventAfter ||
      (opensLine && EVENT_RIGHT_AFTER.test(clauseAfter)) ||
      PERIOD_AFTER_DATE.test(textAfter(text, date.end, 12)) ||
      PERIOD_BEFORE_DATE.test(before);
    const plausibleBirthYear = !date.twoDigitYear && date.year >= 1900 && date.year <= currentYear - 2;
    if (date.compact ? BIRTH_KEYWORD_RIGHT_BEFORE.test(before) : birthNamed || (plausibleBirthYear && !placedAsEvent))
      spans.push({ start: date.start, end: date.end, named: birthNamed });
  }
  return spans;
}

/** Every date and time, whatever its year, for detectors that must not read date digits as something else. */
export function dateAndTimeSpans(text: string, now: Date): Span[] {
  // Not the compact ones: "0341 12 03 1987" stays a phone number.
  const spans: Span[] = findDates(text, now.getFullYear())
    .filter((date) => !date.compact)
    .map(({ start, end }) => ({ start, end }));
  for (const pattern of PARTIAL_DATE_OR_TIME_PATTERNS) {
    for (const match of matchesOf(pattern, text)) spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
