import { isValidCaseCode } from '@app/cases';
import type { Weights } from './vocabulary';

/** SQL building blocks of the large seed: literals, weighted draws, case codes, working days. */

export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map(literal).join(', ')}]::text[]`;
}

function intArray(values: readonly number[]): string {
  return `'{${values.join(',')}}'::int[]`;
}

/** A random integer in [0, n) (n an SQL expression). */
export function randomBelow(n: string | number): string {
  return `floor(random() * (${n}))::int`;
}

/**
 * An expression drawing one of the codes with probability proportional to its weight, evaluated
 * per row. Weights are spread over an integer index table (O(1) access) that points into a short
 * text array, so the draw costs two array subscripts.
 */
export function weightedPick(weights: Weights, slots = 1000): string {
  const entries = weights.filter(([, weight]) => weight > 0);
  if (entries.length === 0) throw new Error('weightedPick needs at least one positive weight');
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const index: number[] = [];
  entries.forEach(([, weight], position) => {
    const copies = Math.max(1, Math.round((weight / total) * slots));
    for (let copy = 0; copy < copies; copy++) index.push(position + 1);
  });
  return `(${textArray(entries.map(([code]) => code))})[(${intArray(index)})[1 + ${randomBelow(index.length)}]]`;
}

/** An expression picking one of the texts uniformly. */
export function uniformPick(texts: readonly string[]): string {
  return `(${textArray(texts)})[1 + ${randomBelow(texts.length)}]`;
}

/** Integer weights table: org numbers repeated by weight, for `(table)[1 + random below length]`. */
export function weightedIntPick(weights: readonly (readonly [value: number, weight: number])[], slots = 4096): string {
  const entries = weights.filter(([, weight]) => weight > 0);
  if (entries.length === 0) throw new Error('weightedIntPick needs at least one positive weight');
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  const table: number[] = [];
  for (const [value, weight] of entries) {
    const copies = Math.max(1, Math.round((weight / total) * slots));
    for (let copy = 0; copy < copies; copy++) table.push(value);
  }
  return `(${intArray(table)})[1 + ${randomBelow(table.length)}]`;
}

// ---- case codes ----------------------------------------------------------------------------------

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BODY_BITS = 35n;
const BODY_MASK = (1n << BODY_BITS) - 1n;
/** Odd multipliers below 2^28, so that (n < 2^35) · K stays below 2^63 in bigint arithmetic. */
const MIX_1 = 0x9e3779bn;
const MIX_2 = 0x5bd1e99n;

/**
 * The Damm check of a case code is linear over GF(32): the check of a body is the XOR of one
 * table entry per position. The tables are derived from the library's own validator (the check
 * character that makes `isValidCaseCode` accept a body with a single non-zero symbol), and the
 * linearity is confirmed on sample bodies, so the SQL below cannot drift from `case-code.ts`.
 */
export function caseCodeCheckTables(): number[][] {
  const tables = Array.from({ length: 7 }, (_, position) =>
    Array.from({ length: 32 }, (_, value) => {
      const body = '0'.repeat(position) + ALPHABET[value] + '0'.repeat(6 - position);
      const check = [...ALPHABET].findIndex((symbol) => isValidCaseCode(body + symbol));
      if (check < 0) throw new Error(`no check character makes ${body}? a valid case code`);
      return check;
    }),
  );
  for (let sample = 0; sample < 256; sample++) {
    const values = Array.from({ length: 7 }, (_, position) => (sample * 7 + position * 13 + sample * position * 5) % 32);
    const check = values.reduce((sum, value, position) => sum ^ tables[position][value], 0);
    const code = values.map((value) => ALPHABET[value]).join('') + ALPHABET[check];
    if (!isValidCaseCode(code)) throw new Error('the case-code check is not linear any more; adapt apps/cli/src/large/sql.ts');
  }
  return tables;
}

/**
 * A bijection of [0, 2^35) onto itself (odd multiplications modulo 2^35 and xor-shifts), so that
 * distinct case numbers give distinct, random-looking 35-bit code bodies. `n` must be below 2^35.
 */
export function caseBodySql(n: string): string {
  const mask = BODY_MASK.toString();
  const x1 = `((${n})::bigint * ${MIX_1} & ${mask})`;
  const x2 = `(${x1} # (${x1} >> 17))`;
  const x3 = `(${x2} * ${MIX_2} & ${mask})`;
  return `(${x3} # (${x3} >> 13))`;
}

/** The canonical 8-character code (7 body symbols + check symbol) of a 35-bit body column. */
export function caseCodeSql(body: string, tables: number[][]): string {
  const symbol = (position: number) => `((${body} >> ${5 * (6 - position)}) & 31)::int`;
  const characters = Array.from({ length: 7 }, (_, position) => `substr(${literal(ALPHABET)}, ${symbol(position)} + 1, 1)`);
  const check = tables.map((table, position) => `(${intArray(table)})[${symbol(position)} + 1]`).join(' # ');
  return `(${characters.join(' || ')} || substr(${literal(ALPHABET)}, (${check}) + 1, 1))`;
}

// ---- calendar ------------------------------------------------------------------------------------

/** The Berlin calendar date of an instant. */
export function berlinDate(instant: string): string {
  return `((${instant}) AT TIME ZONE 'Europe/Berlin')::date`;
}

/**
 * The date `days` working days (Monday to Friday; public holidays are ignored in bulk data) after
 * `date`; a weekend date counts from the Friday before, as the service does.
 */
export function addWorkingDays(date: string, days: string | number): string {
  const weekday = `extract(isodow FROM ${date})::int`;
  const friday = `(${date} - greatest(${weekday} - 5, 0))`;
  return `(${friday} + (${days}) + 2 * ((least(${weekday}, 5) - 1 + (${days})) / 5))`;
}

/** 24:00 Berlin at the end of a date (what `responseDueAt` returns). */
export function endOfBerlinDay(date: string): string {
  return `(((${date}) + 1)::timestamp AT TIME ZONE 'Europe/Berlin')`;
}

/** An ISO-8601 UTC string with milliseconds, as JavaScript's toISOString() writes it. */
export function isoString(instant: string): string {
  return `to_char((${instant}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
