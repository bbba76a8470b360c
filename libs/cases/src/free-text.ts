import { BusinessRuleViolated, type FieldProblem } from '@app/core';
import { findPersonalIdentifiers, IDENTIFIER_LABELS } from './personal-identifiers/personal-identifier-guard';

/**
 * The PersonalIdentifierGuard at the API boundary: rejects free text that contains what looks like
 * an e-mail address, phone number, IBAN, birth date, street address or ID number, with a 422 that
 * says what was found and where (never echoing it in full).
 */
export function assertNoPersonalIdentifiers(fields: Record<string, string | null | undefined>): void {
  const problems: FieldProblem[] = [];
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    for (const finding of findPersonalIdentifiers(text)) {
      problems.push({
        field,
        message: `contains what looks like ${article(IDENTIFIER_LABELS[finding.kind].en)} at characters ${finding.start + 1}-${finding.end} ("${finding.masked}"); remove it: cases hold no personal identifiers${finding.hint ? `; ${finding.hint}` : ''}`,
      });
    }
  }
  if (problems.length) {
    throw new BusinessRuleViolated(
      'personal-identifier',
      `Free text must not contain personal identifiers: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
      problems,
    );
  }
}

const article = (label: string) => (/^[aeiou]/i.test(label) ? `an ${label}` : `a ${label}`);
