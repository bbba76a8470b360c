import { randomBytes } from 'node:crypto';

/**
 * Pseudonymous case codes, handed to the client on a paper slip: `XXXX-XXXX`.
 *
 * - Alphabet: Crockford base32 (no I, L, O, U), so nothing is ambiguous when read aloud or copied by hand.
 * - 7 random characters (35 bits) followed by 1 check character.
 * - The check character uses the Damm algorithm over a totally anti-symmetric quasigroup of order 32
 *   built from GF(32): x ∘ y = a·x ⊕ y with a = 2 (the polynomial `x`) modulo x⁵ + x² + 1.
 *   Folding a code c₀…c₇ from 0 gives Σ a^(7−i)·cᵢ (a linear code over GF(32)); a valid code folds to 0.
 *   A substitution at position i changes the sum by a^(7−i)·e ≠ 0; swapping neighbours x ≠ y changes it by
 *   a^k·(a ⊕ 1)·(x ⊕ y) ≠ 0 because a ∉ {0, 1} and GF(32) has no zero divisors. So every single-character
 *   substitution and every adjacent transposition is detected, including those touching the check character.
 *   (Because 31 is prime, a generates GF(32)*, which also catches jump transpositions and twin errors.)
 *
 * A case code is a pseudonym, not a secret: 35 random bits make collisions likely at scale (around a
 * million cases), so the store must enforce uniqueness and regenerate on conflict.
 */

export const CASE_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters in a canonical code (without the dash): 7 random + 1 check. */
export const CASE_CODE_LENGTH = 8;
const BODY_LENGTH = CASE_CODE_LENGTH - 1;

/** The displayed form, `XXXX-XXXX`, upper case. */
export const CASE_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** x⁵ + x² + 1, an irreducible polynomial over GF(2); its bit pattern is 0b100101. */
export const GF32_MODULUS = 0b100101;
/** The multiplier a in x ∘ y = a·x ⊕ y; must not be 0 or 1. */
export const QUASIGROUP_MULTIPLIER = 2;

/** Multiplication in GF(32) = GF(2)[x] / (x⁵ + x² + 1). */
export function gf32Multiply(left: number, right: number): number {
  let product = 0;
  let a = left;
  let b = right;
  while (b !== 0) {
    if (b & 1) product ^= a;
    b >>= 1;
    a <<= 1;
    if (a & 0b100000) a ^= GF32_MODULUS;
  }
  return product;
}

/** The Damm table: CASE_CODE_QUASIGROUP[x][y] = a·x ⊕ y, a totally anti-symmetric quasigroup of order 32. */
export const CASE_CODE_QUASIGROUP: readonly (readonly number[])[] = Array.from({ length: 32 }, (_, x) =>
  Array.from({ length: 32 }, (_, y) => gf32Multiply(QUASIGROUP_MULTIPLIER, x) ^ y),
);

/** A code as stored: CASE_CODE_LENGTH symbols of the alphabet, nothing else. */
const CANONICAL = new RegExp(`^[${CASE_CODE_ALPHABET}]{${CASE_CODE_LENGTH}}$`);
const SYMBOL_VALUES: ReadonlyMap<string, number> = new Map([...CASE_CODE_ALPHABET].map((symbol, value) => [symbol, value]));

const MISREADINGS: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1', U: 'V' };

/** Damm fold over canonical symbols; throws on a symbol outside the alphabet (callers normalise first). */
function fold(symbols: string): number {
  let interim = 0;
  for (const symbol of symbols) {
    const value = SYMBOL_VALUES.get(symbol);
    if (value === undefined) throw new RangeError(`'${symbol}' is not a case-code character`);
    interim = CASE_CODE_QUASIGROUP[interim][value];
  }
  return interim;
}

/** The check character for 7 canonical body characters: the c with interim ∘ c = 0, i.e. c = a·interim. */
export function caseCodeCheckCharacter(body: string): string {
  if (body.length !== BODY_LENGTH) throw new RangeError(`a case-code body has ${BODY_LENGTH} characters`);
  return CASE_CODE_ALPHABET[gf32Multiply(QUASIGROUP_MULTIPLIER, fold(body))];
}

/**
 * A fresh canonical case code in displayed form (`XXXX-XXXX`).
 * `random(n)` must return n uniformly random bytes; 256 % 32 === 0, so `byte & 31` is unbiased.
 */
export function generateCaseCode(random: (bytes: number) => Buffer = randomBytes): string {
  const bytes = random(BODY_LENGTH);
  if (bytes.length < BODY_LENGTH) throw new RangeError(`the random source returned ${bytes.length} bytes, expected ${BODY_LENGTH}`);
  let body = '';
  for (let index = 0; index < BODY_LENGTH; index++) body += CASE_CODE_ALPHABET[bytes[index] & 31];
  return formatCaseCode(body + caseCodeCheckCharacter(body));
}

/**
 * The canonical 8-character form (upper case, no dash) of what a person typed, or null if it cannot be a
 * code. Case-insensitive; ignores whitespace, dashes and dots; reads O as 0, I and L as 1, U as V.
 * Does not verify the check character (see isValidCaseCode), so callers can tell "mistyped" from "not a code".
 */
export function normaliseCaseCode(input: string): string | null {
  const canonical = caseCodePrefix(input);
  return canonical?.length === CASE_CODE_LENGTH ? canonical : null;
}

/** True if the input normalises to a code whose check character matches. */
export function isValidCaseCode(input: string): boolean {
  const canonical = normaliseCaseCode(input);
  return canonical !== null && fold(canonical) === 0;
}

/** `XXXX-XXXX` for a code; accepts anything normaliseCaseCode accepts. Does not verify the check character. */
export function formatCaseCode(canonical: string): string {
  // Stored codes are canonical already: the common case skips normalising (a list formats 50).
  const normalised = CANONICAL.test(canonical) ? canonical : normaliseCaseCode(canonical);
  if (normalised === null) throw new RangeError('not a case code');
  return `${normalised.slice(0, 4)}-${normalised.slice(4)}`;
}

/**
 * The beginning of a case code as someone typed it, read like normaliseCaseCode reads a whole code
 * (case, separators, O/I/L/U misreadings), for prefix search; null if it cannot start a code.
 */
export function caseCodePrefix(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const compact = input
    .normalize('NFKC')
    .replace(/[\s\p{Pd}.]/gu, '')
    .toUpperCase();
  if (compact.length === 0 || compact.length > CASE_CODE_LENGTH) return null;
  let prefix = '';
  for (const character of compact) {
    const symbol = MISREADINGS[character] ?? character;
    if (!SYMBOL_VALUES.has(symbol)) return null;
    prefix += symbol;
  }
  return prefix;
}
