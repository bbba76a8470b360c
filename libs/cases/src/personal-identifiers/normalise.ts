import type { Span } from './spans';

/**
 * The checked text as the detectors read it, with a way back to the original's offsets. Identifiers are written with
 * the digits of any script ("١٢.٠٣.١٩٨٥", "۰۱۷۶…"), in fullwidth forms ("ali＠example.org", "０１７６") and with
 * invisible characters inside ("ali\u200B@example.org"); the detectors only know ASCII digits and punctuation.
 */
export interface NormalisedText {
  text: string;
  /** The span of the original text that a span of the normalised text came from. */
  toOriginal(span: Span): Span;
}

/** Characters that show nothing: zero-width space and joiners, word joiner, BOM, soft hyphen, bidi controls and the like. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
const COMBINING_MARK = /\p{M}/u;
const DECIMAL_DIGIT = /\p{Nd}/u;
const NON_ASCII_DIGITS = /[^\P{Nd}0-9]/gu;
/** Hyphens that look like "-" (NFKC keeps them apart): "0341‑1234567" as word processors write it. */
const HYPHENS = /[\u2010\u2011\u2012\u2212\uFE63]/gu;

const digitValues = new Map<string, string>();

/**
 * The ASCII digit for a decimal digit of any script. Unicode encodes every script's digits 0 to 9 in one contiguous run
 * (some runs follow each other directly, like the mathematical digits), so the value is the distance from the run's start.
 */
function asciiDigit(digit: string): string {
  let value = digitValues.get(digit);
  if (value === undefined) {
    const codePoint = digit.codePointAt(0) ?? 0;
    let zero = codePoint;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
    value = String((codePoint - zero) % 10);
    digitValues.set(digit, value);
  }
  return value;
}

/** One character with its combining marks, in the form the detectors read: compatibility-folded, ASCII digits. */
function fold(cluster: string): string {
  return cluster.normalize('NFKC').replace(NON_ASCII_DIGITS, asciiDigit).replace(HYPHENS, '-');
}

const identity = (text: string): NormalisedText => ({ text, toOriginal: ({ start, end }) => ({ start, end }) });

/**
 * Folds each character on its own (NFKC, so fullwidth "＠" becomes "@" and a no-break space a space), maps decimal
 * digits of every script to ASCII and drops invisible characters. One pass; plain ASCII text is returned as it is.
 */
export function normalise(text: string): NormalisedText {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007F]/.test(text)) return identity(text);
  let normalised = '';
  /** For each UTF-16 unit of the normalised text, the original span of the character it came from. */
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  while (index < text.length) {
    const base = String.fromCodePoint(text.codePointAt(index) ?? 0);
    let end = index + base.length;
    const ascii = base < '\u0080';
    if (!ascii && INVISIBLE.test(base)) {
      index = end;
      continue;
    }
    let cluster = base;
    // A digit's marks are dropped: keycaps ("0️⃣") and underlined digits ("0̲") are the digit.
    const digit = DECIMAL_DIGIT.test(base);
    while (end < text.length && text[end] >= '\u0300') {
      const next = String.fromCodePoint(text.codePointAt(end) ?? 0);
      if (!COMBINING_MARK.test(next)) break;
      if (!digit && !INVISIBLE.test(next)) cluster += next;
      end += next.length;
    }
    const folded = ascii && cluster === base ? base : fold(cluster);
    normalised += folded;
    for (let unit = 0; unit < folded.length; unit++) {
      starts.push(index);
      ends.push(end);
    }
    index = end;
  }
  return {
    text: normalised,
    toOriginal: ({ start, end }) => ({ start: starts[start], end: ends[end - 1] }),
  };
}
