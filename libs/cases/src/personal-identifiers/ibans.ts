import type { Span } from './spans';

/** IBAN length by country (SWIFT IBAN registry), as country code + length. */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  `AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 EE20 EG29 ES24
   FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32
   LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24
   RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30`
    .split(/\s+/)
    .map((entry): [string, number] => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/**
 * Country code (upper case, also with a space after it: "TR 33 0006 …"), check digits, then 11 to 30 characters, each
 * optionally preceded by one space, dash, dot or slash (printed IBANs come in groups of four; typed ones in other groups).
 * The match may run into following words; the country's length decides where the IBAN ends.
 */
/** What may stand between an IBAN's characters. */
const SEPARATOR = '[ ./-]';
const IBAN_SHAPE = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:[A-Za-z]{2}|[A-Z]{2} )\d{2}(?:${SEPARATOR}?[A-Za-z0-9]){11,30}`, 'gu');
const SEPARATORS = new RegExp(SEPARATOR, 'g');
const IS_SEPARATOR = new RegExp(`^${SEPARATOR}$`);

/** ISO 13616 / ISO 7064 MOD 97-10: move the first four characters to the end, letters become 10..35, remainder 1. */
export function isValidIban(candidate: string): boolean {
  const iban = candidate.replace(SEPARATORS, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expectedLength = IBAN_LENGTHS.get(iban.slice(0, 2));
  if (expectedLength !== undefined && iban.length !== expectedLength) return false;
  let remainder = 0;
  for (const character of iban.slice(4) + iban.slice(0, 4)) {
    const value = Number.parseInt(character, 36);
    remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97;
  }
  return remainder === 1;
}

interface IbanCandidate extends Span {
  valid: boolean;
}

/**
 * Where an IBAN-shaped token ends: after the country's number of characters (known countries, any case), or for an
 * unknown country code (upper case only) where the run of characters or of space-separated groups of four ends.
 */
function ibanCandidates(text: string): IbanCandidate[] {
  const candidates: IbanCandidate[] = [];
  const shape = new RegExp(IBAN_SHAPE.source, IBAN_SHAPE.flags);
  for (let match = shape.exec(text); match !== null; match = shape.exec(text)) {
    // The shape may have run into the next token (even the next IBAN): resume right after what was used.
    shape.lastIndex = match.index + 1;
    const raw = match[0];
    const country = raw.slice(0, 2).toUpperCase();
    const expectedLength = IBAN_LENGTHS.get(country);
    let end: number | undefined;
    if (expectedLength !== undefined) {
      let characters = 0;
      for (let index = 0; index < raw.length; index++) {
        if (!IS_SEPARATOR.test(raw[index])) characters++;
        if (characters === expectedLength) {
          end = index + 1;
          break;
        }
      }
    } else if (/^[A-Z]{2}/.test(raw)) {
      end = (/^[A-Z0-9]{15,34}(?![A-Za-z0-9])/.exec(raw) ??
        /^[A-Z]{2}\d{2}(?:[ -][A-Z0-9]{4}){2,7}(?:[ -][A-Z0-9]{1,4})?(?![A-Za-z0-9])/.exec(raw))?.[0].length;
    }
    // The IBAN must end where a token ends, not in the middle of a longer word or number.
    if (end === undefined || /[\p{L}\p{N}]/u.test(text.charAt(match.index + end))) continue;
    candidates.push({ start: match.index, end: match.index + end, valid: isValidIban(raw.slice(0, end)) });
    shape.lastIndex = match.index + end;
  }
  return candidates;
}

/**
 * A mistyped IBAN is still someone's account number. Without a valid checksum, a token is taken for one only when it is
 * written the way IBANs are: an upper-case country code of the registry and check digits, then the country's length
 * (already ensured by ibanCandidates) without separators or in groups of four, the rest digits but for at most four
 * letters (bank codes like "WEST", "3M02"). Ordinary words and numbers do not take that shape.
 */
const PRINTED_IBAN = /^[A-Z]{2}\d{2}(?:[A-Z0-9]+|(?: [A-Z0-9]{4})+(?: [A-Z0-9]{1,3})?)$/;

function looksLikeIban(iban: string): boolean {
  if (!IBAN_LENGTHS.has(iban.slice(0, 2)) || !PRINTED_IBAN.test(iban)) return false;
  const accountPart = iban.slice(4).replace(/ /g, '');
  const letters = accountPart.replace(/\d/g, '').length;
  return letters <= 4 && accountPart.length - letters >= 10;
}

/** The word "IBAN" shortly before a token ("IBAN:", "die IBAN lautet"): whatever its spelling or checksum, the token is one. */
const IBAN_KEYWORD_BEFORE = /(?<![\p{L}])iban[^\p{N}]{0,20}$/iu;

/**
 * IBANs: checksum-valid ones in any spelling, mistyped ones printed like an IBAN (see looksLikeIban), and any IBAN-shaped
 * token right after the word "IBAN" ("IBAN de12 50010517 5407324931").
 */
export function findIbans(text: string): Span[] {
  return ibanCandidates(text)
    .filter(
      (candidate) =>
        candidate.valid ||
        looksLikeIban(text.slice(candidate.start, candidate.end)) ||
        IBAN_KEYWORD_BEFORE.test(text.slice(Math.max(0, candidate.start - 30), candidate.start)),
    )
    .map(({ start, end }) => ({ start, end }));
}

/** Every IBAN-shaped token, valid or not, so that its digit groups are not reported again as a phone number. */
export function ibanShapedSpans(text: string): Span[] {
  return ibanCandidates(text).map(({ start, end }) => ({ start, end }));
}
