import { isValidCaseCode } from '../case-code/case-code';
import { type BlockedSpans, matchesOf, type ScoredSpan } from './spans';

/** German ID card, eAT (residence permit card) and passport numbers: 9 characters of this alphabet, 10 with a check digit. */
const DOCUMENT_NUMBER = /(?<![\p{L}\p{N}])[CFGHJKLMNPRTVWXYZ0-9]{9,10}(?![\p{L}\p{N}])/gu;
/** Passport-like: one or two letters, then six to nine digits ("P12345678", "AB1234567"). */
const PASSPORT_NUMBER = /(?<![\p{L}\p{N}])[A-Z]{1,2}\d{6,9}(?![\p{L}\p{N}])/gu;
/** German tax id (Steuer-ID): 11 digits, not starting with 0, often printed "12 345 678 901". */
const TAX_ID = /(?<![\p{N}])(?<!\d[.,])[1-9]\d(?: ?\d{3}){3}(?![\p{N}])/gu;
/** Rentenversicherungsnummer: area, birth date DDMMYY, initial of the birth name, serial and check digit. */
const PENSION_INSURANCE_NUMBER =
  /(?<![\p{L}\p{N}])\d{2}[ \t]?(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[ \t]?[A-Z][ \t]?\d{3}(?![\p{L}\p{N}])/gu;

const ID_KEYWORD = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:` +
    [
      String.raw`(?:personal)?ausweis(?:nummer|[\- ]?nr\.?)?|perso[\- ]?nr\.?`,
      String.raw`(?:reise)?pass(?:nummer|[\- ]?nr\.?)?|passport(?:[ \t]+(?:no\.?|number|nr\.?))?`,
      String.raw`id(?:[\- ]?card)?[\- ]?(?:nummer|nr\.?|no\.?|number)`,
      String.raw`steuer[\- ]?id(?:[\- ]?nr\.?)?|(?:steuer[\- ]?)?identifikationsnummer|(?:steuer[\- ]?)?idnr\.?|steuernummer|st\.[\- ]?nr\.?`,
      String.raw`tax[ \t]?(?:id|number|no\.?)`,
      String.raw`aufenthaltstitel(?:nummer|[\- ]?nr\.?)?|aufenthaltserlaubnis[\- ]?nr\.?|eat[\- ]?(?:nummer|nr\.?|karte)|titelnummer`,
      String.raw`residence[ \t]+(?:permit|card)(?:[ \t]+(?:no\.?|number))?`,
      String.raw`dokumentennummer|dokument(?:en)?[\- ]?nr\.?|document[ \t]+(?:no\.?|number)|kartennummer|seriennummer`,
      String.raw`azr(?:[\- ]?(?:nummer|nr\.?|zahl|number|no\.?))?|ausländerzentralregister(?:[\- ]?(?:nummer|nr\.?))?`,
      // other documents refugees carry: residence papers, travel documents, driving licences, foreign national ids
      String.raw`(?:fiktionsbescheinigung|reiseausweis|passersatz(?:papier)?|visum|visa|führerschein|tazkira|tazkera|unhcr[\- ]?(?:card|karte|registrierung\p{L}*|id)|national(?:nummer|[\- ]?id))(?:[\- ]?(?:nummer|nr\.?|no\.?|number))?`,
      String.raw`(?:sozial|renten|kranken)?versicherungsnummer|(?:kranken)?versicherten(?:nummer|[\- ]?nr\.?)|(?:sv|rv|kv)[\- ]?(?:nummer|nr\.?)`,
      String.raw`social[ \t]+security[ \t]+(?:no\.?|number)|ssn|national[ \t]+insurance[ \t]+(?:no\.?|number)|ni[ \t]+number`,
      String.raw`duldungs?(?:nummer|[\- ]?nr\.?)|ankunftsnachweis(?:nummer|[\- ]?nr\.?)?|büma(?:nummer|[\- ]?nr\.?)?`,
    ].join('|') +
    String.raw`)(?![\p{L}])`,
  'giu',
);
/** What may stand between the keyword and the number: punctuation and a few small words ("Passnummer der Mutter: …"). */
const FILLER = new RegExp(
  String.raw`(?:[ \t]+|[:#=\-–(),]|(?:` +
    'lautet|lautete|ist|is|was|war|the|des|der|die|nr\\.?|no\\.?|nummer|number|kindes|kinds|mutter|vaters|sohnes|tochter|ehemannes|ehefrau|' +
    'alt|alte|alten|alter|neu|neue|neuen|neuer|new|old|his|her|sein|seine|seiner|ihr|ihre|ihrer|von|of|herrn|herr|frau|mr|mrs|ms' +
    // and initials: "Passnummer von Herrn K.: …"
    String.raw`)(?![\p{L}])|\.|\p{Lu}\.(?![\p{L}])){0,12}`,
  'iuy',
);
const VALUE = /[A-Za-z0-9]{1,15}(?:[ \t./-][A-Za-z0-9]{1,15}){0,5}/y;

const ID_SHAPE_PRIORITY = 2;
const ID_AFTER_KEYWORD_PRIORITY = 12;

/**
 * ID card, passport and residence-permit numbers, tax ids, pension insurance numbers by their shape, and any number
 * right after a document keyword ("Passnummer: …", "AZR-Nummer …", "Steuer-ID …"). Authorities' file numbers
 * (Aktenzeichen) are needed in counselling: they are only reported when they have one of these shapes.
 */
export function findIdNumbers(text: string, dates: BlockedSpans): ScoredSpan[] {
  const spans: ScoredSpan[] = [];
  const byShape = (start: number, end: number) => spans.push({ start, end, priority: ID_SHAPE_PRIORITY });

  for (const match of matchesOf(DOCUMENT_NUMBER, text)) {
    if (/\d/.test(match[0]) && /[A-Z]/.test(match[0])) byShape(match.index, match.index + match[0].length);
  }
  for (const match of matchesOf(PASSPORT_NUMBER, text)) {
    // A product case code typed without its dash is a pseudonym, not a passport ("AB12-3456" with a valid check character).
    if (match[0].length === 8 && isValidCaseCode(match[0])) continue;
    byShape(match.index, match.index + match[0].length);
  }
  for (const pattern of [TAX_ID, PENSION_INSURANCE_NUMBER]) {
    for (const match of matchesOf(pattern, text)) byShape(match.index, match.index + match[0].length);
  }

  for (const keyword of matchesOf(ID_KEYWORD, text)) {
    FILLER.lastIndex = keyword.index + keyword[0].length;
    FILLER.exec(text);
    VALUE.lastIndex = FILLER.lastIndex;
    const value = VALUE.exec(text);
    if (!value) continue;
    const length = identifierLength(value[0]);
    const start = value.index;
    if (length > 0 && !dates.overlaps(start, start + length)) {
      spans.push({ start, end: start + length, priority: ID_AFTER_KEYWORD_PRIORITY });
    }
  }
  return spans;
}

/**
 * How much of the text after a keyword is the number: groups that contain a digit, and short capital-letter groups
 * between them ("12 150385 M 123", "AB 1234567"), up to the first word. 0 if that is not a number (too few digits).
 */
function identifierLength(value: string): number {
  const groups = [...value.matchAll(/[A-Za-z0-9]+/g)];
  let taken = 0;
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index][0];
    const bridgesToDigits = /^[A-Z]{1,3}$/.test(group) && index + 1 < groups.length && /\d/.test(groups[index + 1][0]);
    if (!/\d/.test(group) && !bridgesToDigits) break;
    taken = index + 1;
  }
  if (taken === 0) return 0;
  const last = groups[taken - 1];
  const number = value.slice(0, (last.index ?? 0) + last[0].length);
  // A year, or a range of years, is how long a document is valid: "Pass 2019-2029 gültig", "Ausweis 2023 12 Monate".
  if (/^(?:19|20)\d\d(?:[ \t./\-–](?:\d{1,2}|(?:19|20)\d\d))?$/.test(number)) return 0;
  const digits = number.replace(/\D/g, '').length;
  return digits >= 4 && number.replace(/[^A-Za-z0-9]/g, '').length >= 5 ? number.length : 0;
}
