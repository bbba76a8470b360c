import { dateAndTimeSpans, findBirthDates } from './birth-dates';
import { findEmails } from './emails';
import { findIbans, ibanShapedSpans } from './ibans';
import { findIdNumbers } from './id-numbers';
import { normalise } from './normalise';
import { findPhoneNumbers } from './phone-numbers';
import { BlockedSpans, type ScoredSpan, type Span } from './spans';
import { findStreetAddresses } from './street-addresses';

/**
 * The PersonalIdentifierGuard's detector: finds obvious personal identifiers in counsellors' free text (case notes,
 * hand-off messages, comments), so that a case never stores who the person is. Pure and synchronous; linear in the
 * length of the text (every pattern is bounded), so it can run on each request.
 *
 * It aims at the obvious: an identifier written the way people write it. It errs towards letting ordinary counselling
 * text through (times, amounts, § references, appointment dates, authorities' file numbers, case codes).
 */

export type IdentifierKind = 'email' | 'phone' | 'iban' | 'birth_date' | 'street_address' | 'id_number';

export interface IdentifierFinding {
  kind: IdentifierKind;
  /** 0-based character offsets in the checked text, end exclusive. */
  start: number;
  end: number;
  /** The finding with all but its first and last character masked, for error messages (never echo the full identifier). */
  masked: string;
  /** How to write the text so that it passes, where there is more to say than "remove it" (birth dates). */
  hint?: string;
}

/** Human-readable labels, German and English. */
export const IDENTIFIER_LABELS: Record<IdentifierKind, { de: string; en: string }> = {
  email: { de: 'E-Mail-Adresse', en: 'e-mail address' },
  phone: { de: 'Telefonnummer', en: 'phone number' },
  iban: { de: 'IBAN', en: 'IBAN' },
  birth_date: { de: 'Geburtsdatum', en: 'birth date' },
  street_address: { de: 'Straßenadresse', en: 'street address' },
  id_number: { de: 'Ausweis- oder Identifikationsnummer', en: 'ID or document number' },
};

export interface FindPersonalIdentifiersOptions {
  /** The moment the text is checked; decides which years are "this year and last year". Defaults to the current time. */
  now?: Date;
}

/**
 * Birth-date hints. A date flagged for its age alone is often an event the counsellor needs; one named as a birth date
 * is not (an age or a year of birth is enough). The suggested forms pass the guard (the spec checks it).
 */
export const BIRTH_DATE_HINTS = {
  unnamed:
    'if it is the date of an event, name the event right before it ("Einreise am …", "Termin am …") or give the month and year only ("03/2019")',
  named: 'if it matters, give the age or the year of birth only',
} as const;

/** Ties between overlapping findings of equal length: the more specific kind wins. */
const KIND_PRIORITY: Record<IdentifierKind, number> = { iban: 6, email: 5, birth_date: 4, street_address: 3, id_number: 2, phone: 1 };

interface Candidate extends ScoredSpan {
  kind: IdentifierKind;
  hint?: string;
}

/**
 * All findings, ordered by start offset, non-overlapping (of overlapping ones, the longer, then the more specific wins).
 * The detectors read a normalised copy of the text (see normalise.ts); offsets and masks refer to the text as given.
 */
export function findPersonalIdentifiers(text: string, options: FindPersonalIdentifiersOptions = {}): IdentifierFinding[] {
  if (!text) return [];
  const now = options.now ?? new Date();
  const normalised = normalise(text);
  const checked = normalised.text;
  const dateSpans = dateAndTimeSpans(checked, now);
  const dates = new BlockedSpans(dateSpans);
  const datesAndIbans = new BlockedSpans([...dateSpans, ...ibanShapedSpans(checked)]);

  const of = (kind: IdentifierKind, spans: (Span & { priority?: number })[]): Candidate[] =>
    spans.map(({ start, end, priority }) => ({ kind, start, end, priority: priority ?? KIND_PRIORITY[kind] }));
  const candidates = [
    ...of('iban', findIbans(checked)),
    ...of('email', findEmails(checked)),
    ...findBirthDates(checked, now).map(({ start, end, named }) => ({
      kind: 'birth_date' as const,
      start,
      end,
      priority: KIND_PRIORITY.birth_date,
      hint: named ? BIRTH_DATE_HINTS.named : BIRTH_DATE_HINTS.unnamed,
    })),
    ...of('street_address', findStreetAddresses(checked)),
    ...of('id_number', findIdNumbers(checked, dates)),
    ...of('phone', findPhoneNumbers(checked, datesAndIbans)),
  ];

  return resolveOverlaps(candidates).map(({ kind, hint, ...span }) => {
    const { start, end } = normalised.toOriginal(span);
    return { kind, start, end, masked: mask(text.slice(start, end)), ...(hint === undefined ? {} : { hint }) };
  });
}

function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const byStrength = [...candidates].sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) || b.priority - a.priority || KIND_PRIORITY[b.kind] - KIND_PRIORITY[a.kind] || a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const candidate of byStrength) {
    if (kept.every((other) => candidate.end <= other.start || candidate.start >= other.end)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** All but the first and the last character replaced by "•", same length, so an error message can point without echoing. */
export function mask(identifier: string): string {
  if (identifier.length <= 2) return '•'.repeat(identifier.length);
  return identifier[0] + '•'.repeat(identifier.length - 2) + identifier[identifier.length - 1];
}
