import { capitalisedAlternative, RELATIVES } from './people';
import { type BlockedSpans, type ScoredSpan, wordsBefore } from './spans';

/**
 * Between digit groups: a dash, slash or dot (with up to two spaces around), one or two spaces, "(0)", ")", or "(" opening
 * an area code after the country code ("+90 (532) 123 45 67").
 */
const SEPARATOR = String.raw`(?:[ \t]{0,2}[\-/.–][ \t]{0,2}|[ \t]{1,2}|[ \t]?\(0\)[ \t]?|\)[ \t]?|[ \t]{0,2}\([ \t]?)`;
/**
 * A run of digit groups, optionally opened by "+" or "(0…". Bounded (at most 9 groups of at most 15 digits), so every
 * attempt is short and the scan stays linear; whether the run is a phone number is decided in code.
 */
const CANDIDATE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_@+])(?<!\d[.,/\-])(?:\+[ \t]?|\([ \t]?(?=0))?\d{1,15}(?:${SEPARATOR}\d{1,15}){0,8}`,
  'gu',
);

/** One of the (space-separated) keywords, then up to `gap` characters without digits up to the window's end. */
const keywordBefore = (keywords: string, gap: string) =>
  new RegExp(String.raw`(?<![\p{L}])(?:${keywords.trim().split(/\s+/).join('|')})(?![\p{L}])${gap}$`, 'iu');

const PHONE_KEYWORD = keywordBefore(
  String.raw`tel telefon\p{L}* rufnummer handy\p{L}* mobil\p{L}* phone cell whatsapp signal telegram fax festnetz erreichbar`,
  String.raw`[^\p{N}]{0,20}`,
);
/**
 * Authorities' file numbers and the reference numbers of bills and contracts are needed in counselling; after these
 * words a number starting with 0 is one of them ("Ihr Zeichen", "Kassenzeichen", "Rechnungs-Nr.", "Zählernummer").
 */
const FILE_NUMBER_KEYWORD = keywordBefore(
  String.raw`aktenzeichen az gz geschäftszeichen gesch\.-?z (?:ihr|unser)\szeichen kassenzeichen vorgangsnummer vorgangs-?nr kundennummer kunden-?nr
    bg-?nummer bg-?nr fallnummer antragsnummer antrags-?nr rechnungsnummer rechnungs-?nr vertragsnummer vertragskonto
    mitgliedsnummer mitglieds-?nr (?:strom|gas|wasser)?zähler(?:nummer|-?nr\.?)? zugangsnummer gutscheinnummer gutschein-?nr reference ref file[ ](?:no|number) case[ ](?:no|number)`,
  String.raw`(?<gap>[^\p{N}]{0,30})`,
);
/**
 * What may stand between such a word and the number: nothing, or its holder ("Kundennummer beim Jobcenter", "Aktenzeichen
 * ABH"); not a sentence later ("Kassenzeichen fehlt. 0341 …") or a person ("Antrags-Nr. folgt, Vater 0341 …").
 */
const REFERENCE_GAP = new RegExp(
  String.raw`^\.?[ \t:#=-]*(?:(?:beim|bei|der|des|vom|von|lautet|ist|[Nn]r\.?|[Nn]o\.?)[ \t:]+)?` +
    String.raw`(?:\(?(?!(?:${capitalisedAlternative([...RELATIVES, 'sohn', 'tochter', 'frau', 'herr', 'herrn'])})[ \t:)])\p{Lu}[\p{L}-]*\)?[ \t:]*)?$`,
  'u',
);
/** Service numbers (free-phone, shared-cost, premium, mass calls): organisations', never a person's. */
const SERVICE_NUMBER = /^(?:0800|0801|0180|0137|0138|0900)/;
/** German national numbers: an area code 02…09 or a mobile prefix 015, 016, 017 (0100…0149 are no subscriber numbers). */
const isGermanSubscriberNumber = (national: string) => /^0(?:[2-9]|1[5-7])/.test(national) && !SERVICE_NUMBER.test(national);

const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

const PHONE_PRIORITY = 1;
const PHONE_AFTER_KEYWORD_PRIORITY = 11;

/**
 * Phone numbers, German and international: "0341 123 45 67", "0176/12345678", "+49 (0) 341 1234567",
 * "0049-176-1234567", "(0341) 1234567", "+963 944 123 456". At least seven digits; a number without a leading 0 or +
 * only right after a phone keyword ("Tel. 1234567"). Dates, times and IBAN-shaped tokens are never phone numbers.
 */
export function findPhoneNumbers(text: string, blocked: BlockedSpans): ScoredSpan[] {
  const spans: ScoredSpan[] = [];
  const candidates = new RegExp(CANDIDATE.source, CANDIDATE.flags);
  for (let match = candidates.exec(text); match !== null; match = candidates.exec(text)) {
    const start = match.index;
    let raw = match[0];
    // A date or time inside the run ends it ("Tel. 0176 12345678 14.11.2026"); one at its start disqualifies it.
    const blockedAt = blocked.covers(start) ? start : blocked.firstStartInside(start, start + raw.length);
    if (blockedAt !== undefined) raw = raw.slice(0, blockedAt - start).replace(/\D+$/, '');
    raw = withoutBracketedTail(raw);
    const accepted = raw.length > 0 && phoneScore(text, start, raw);
    if (accepted) {
      spans.push({ start, end: start + raw.length, priority: accepted });
      candidates.lastIndex = start + raw.length;
    } else {
      // Not a phone number as a whole: a later digit group may still start one ("seit 2019 0341 1234567").
      const nextGroup = /\d\D+(?=\d)/.exec(match[0]);
      if (nextGroup) candidates.lastIndex = start + nextGroup.index + nextGroup[0].length;
    }
  }
  return spans;
}

/**
 * A bracket opens an area code only right after a country code ("+90 (532) 123 45 67"); anywhere else the number ended
 * before it ("0176 12345678 (2 Anrufe)", "Gruppe 03 (2023/24)").
 */
function withoutBracketedTail(raw: string): string {
  // "(0341) 1234567": a bracket around the area code at the start is part of it.
  const countryCode = /^(?:(?:\+[ \t]?|00)\d{1,4}[ \t]{0,2})?\((?!0\))/.exec(raw);
  const from = countryCode ? countryCode[0].length : 0;
  const bracket = raw.slice(from).search(/[ \t]*\((?!0\))/);
  return bracket < 0 ? raw : raw.slice(0, from + bracket);
}

/** The priority of a phone finding, or 0 if the digit run is not a phone number. */
function phoneScore(text: string, start: number, raw: string): number {
  const digits = raw.replace(/\(0\)/g, '').replace(/\D/g, '');
  if (digits.length < MIN_DIGITS) return 0;
  // Four and four digits is the shape of a case code ("2468-1357"), and too short for a Leipzig number anyway.
  if (/^\d{4}-\d{4}$/.test(raw)) return 0;
  const before = wordsBefore(text, start, 40);
  const afterKeyword = PHONE_KEYWORD.test(before);
  const international = raw.startsWith('+') || digits.startsWith('00');
  if (international) {
    const countryAndNumber = raw.startsWith('+') ? digits : digits.slice(2);
    if (!/^[1-9]/.test(countryAndNumber) || countryAndNumber.length < MIN_DIGITS || countryAndNumber.length > MAX_DIGITS) return 0;
    if (countryAndNumber.startsWith('49') && !isGermanSubscriberNumber(`0${countryAndNumber.slice(2)}`)) return 0;
  } else if (/^0[1-9]/.test(digits)) {
    if (digits.length > MAX_DIGITS - 1 || !isGermanSubscriberNumber(digits)) return 0;
    // A mobile number (015, 016, 017) is a person's, whatever word stands before it.
    const referenceGap = FILE_NUMBER_KEYWORD.exec(before)?.groups?.gap;
    if (!afterKeyword && !/^01[5-7]/.test(digits) && referenceGap !== undefined && REFERENCE_GAP.test(referenceGap)) return 0;
  } else if (!afterKeyword || digits.length > MAX_DIGITS) {
    return 0;
  }
  return afterKeyword ? PHONE_AFTER_KEYWORD_PRIORITY : PHONE_PRIORITY;
}
