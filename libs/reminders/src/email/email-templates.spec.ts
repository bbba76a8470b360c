import { DECLINE_REASONS } from '@app/handoffs';
import {
  EMAIL_DECLINE_REASONS,
  EMAIL_KINDS,
  EMAIL_LOCALES,
  EMAIL_PLACEHOLDERS,
  emailTemplateSets,
  renderEmail,
  resolveEmailLocale,
  type EmailVariables,
} from './email-templates';

const LINK = 'https://backoffice.example.org/handoffs/7d4f1c2e-0000-4000-8000-000000000001';
const CASE_CODE = '7K3M-Q9XZ';
const ALL_VARIABLES: EmailVariables = {
  caseCode: CASE_CODE,
  link: LINK,
  count: 12,
  dueAt: new Date('2026-03-12T13:30:00Z'),
  dueOn: '2026-03-20',
  reason: 'no_capacity',
};

describe('renderEmail', () => {
  describe.each(EMAIL_LOCALES)('in %s', (locale) => {
    it.each(EMAIL_KINDS)('renders %s completely, with its link and case code (or count)', (kind) => {
      const email = renderEmail(kind, locale, ALL_VARIABLES);
      expect(`${email.subject}\n${email.text}`).not.toMatch(/\{\{|\}\}/);
      expect(email.subject.trim()).not.toBe('');
      expect(email.subject).not.toContain('\n');
      expect(email.text).toContain(LINK);
      if (kind === 'lead_digest' || kind === 'lead_weekly_digest') expect(`${email.subject} ${email.text}`).toContain('12');
      else if (kind === 'account_invitation' || kind === 'password_reset') {
        // About the account, not a case: the link and until when it works.
        expect(`${email.subject} ${email.text}`).not.toContain(CASE_CODE);
        expect(email.text).toContain('2026');
      } else if (kind === 'password_changed' || kind === 'account_access_granted' || kind === 'account_access_removed') {
        expect(`${email.subject} ${email.text}`).not.toContain(CASE_CODE);
      } else {
        expect(email.subject).toContain(CASE_CODE);
        expect(email.text).toContain(CASE_CODE);
      }
    });
  });

  it('formats due dates in Berlin time, in the reader’s language', () => {
    const dueAt = new Date('2026-03-12T13:30:00Z'); // 14:30 in Leipzig (CET)
    expect(renderEmail('handoff_response_due', 'de', { caseCode: CASE_CODE, link: LINK, dueAt }).text).toContain('12.03.2026, 14:30');
    expect(renderEmail('handoff_response_due', 'en', { caseCode: CASE_CODE, link: LINK, dueAt }).text).toContain('12 Mar 2026, 14:30');
    const summer = new Date('2026-07-01T22:15:00Z'); // already 2 July in Leipzig (CEST)
    expect(renderEmail('handoff_escalated', 'de', { caseCode: CASE_CODE, link: LINK, dueAt: summer }).text).toContain('02.07.2026, 00:15');
  });

  it('shows a follow-up date as that calendar day, without a time, and a dash for anything but a date', () => {
    const followUp = (locale: string, dueOn: string) =>
      renderEmail('case_follow_up_due', locale, { caseCode: CASE_CODE, link: LINK, dueOn }).text;
    expect(followUp('de', '2026-07-02')).toContain('Wiedervorlage: 02.07.2026\n');
    expect(followUp('en', '2026-12-31')).toContain('Follow-up: 31 Dec 2026\n');
    for (const bad of ['2026-02-30', '2026-7-2', 'morgen', '2026-07-02T00:00:00Z']) expect(followUp('en', bad)).toContain('Follow-up: –\n');
  });

  it('translates the decline reason code, and never prints an unknown one', () => {
    expect(renderEmail('handoff_declined', 'de', { caseCode: CASE_CODE, link: LINK, reason: 'language_not_available' }).text).toContain(
      'Grund: benötigte Sprache nicht verfügbar',
    );
    expect(renderEmail('handoff_declined', 'en', { caseCode: CASE_CODE, link: LINK, reason: 'client_unreachable' }).text).toContain(
      'Reason: client could not be reached',
    );
    const unknown = renderEmail('handoff_declined', 'en', { caseCode: CASE_CODE, link: LINK, reason: 'Frau Muster ist verzogen' });
    expect(unknown.text).toContain('Reason: other reason');
    expect(unknown.text).not.toContain('Muster');
    expect(renderEmail('handoff_declined', 'en', { caseCode: CASE_CODE, link: LINK, reason: 'toString' }).text).toContain(
      'Reason: other reason',
    );
  });

  it('falls back to German for an unknown or missing locale, and understands region tags', () => {
    const german = renderEmail('case_assigned', 'de', ALL_VARIABLES);
    expect(renderEmail('case_assigned', 'uk', ALL_VARIABLES)).toEqual(german);
    expect(renderEmail('case_assigned', '', ALL_VARIABLES)).toEqual(german);
    expect(renderEmail('case_assigned', 'en-US', ALL_VARIABLES)).toEqual(renderEmail('case_assigned', 'en', ALL_VARIABLES));
    expect(resolveEmailLocale('EN_gb')).toBe('en');
    expect(resolveEmailLocale('de-AT')).toBe('de');
    expect(resolveEmailLocale(null)).toBe('de');
  });

  it('throws for an unknown kind', () => {
    expect(() => renderEmail('case_deleted' as never, 'de', ALL_VARIABLES)).toThrow(/No e-mail template for kind "case_deleted"/);
    expect(() => renderEmail('__proto__' as never, 'de', ALL_VARIABLES)).toThrow(/No e-mail template/);
  });

  it('fills in nothing but the listed variables, whatever else the caller passes', () => {
    const extra = {
      ...ALL_VARIABLES,
      note: 'Klientin wohnt in der Eisenbahnstraße 1',
      name: 'Fatima A.',
      text: 'secret',
      subject: 'secret',
    };
    for (const locale of EMAIL_LOCALES) {
      for (const kind of EMAIL_KINDS) {
        const email = renderEmail(kind, locale, extra);
        expect(email).toEqual(renderEmail(kind, locale, ALL_VARIABLES));
        expect(Object.keys(email).sort()).toEqual(['subject', 'text']);
      }
    }
  });

  it('does not expand placeholders inside the values it fills in', () => {
    const email = renderEmail('lead_digest', 'en', { link: `${LINK}?x={{caseCode}}`, caseCode: CASE_CODE, count: 3 });
    expect(email.text).toContain(`${LINK}?x={{caseCode}}`);
  });

  it('refuses a link that is not an http(s) URL and a case code that is not one', () => {
    expect(() => renderEmail('case_assigned', 'de', { caseCode: CASE_CODE, link: 'javascript:alert(1)' })).toThrow(/link/);
    expect(() => renderEmail('case_assigned', 'de', { caseCode: CASE_CODE, link: `${LINK}\nBcc: x@example.org` })).toThrow(/link/);
    expect(() => renderEmail('case_assigned', 'de', { caseCode: 'Fatima A., geb. 1.1.1990', link: LINK })).toThrow(/case code/);
  });

  it('shows a dash for a missing case code, due date or count instead of a raw placeholder', () => {
    const email = renderEmail('case_follow_up_due', 'de', { link: LINK });
    expect(email.subject).toBe('Wiedervorlage: Fall –');
    expect(email.text).toContain('Wiedervorlage: –');
    expect(renderEmail('lead_digest', 'en', { link: LINK }).subject).toBe('Your overview: open referrals (–)');
  });
});

describe('the template files', () => {
  const sets = emailTemplateSets();

  it('cover exactly the same kinds and reasons in every language', () => {
    for (const locale of EMAIL_LOCALES) {
      expect(Object.keys(sets[locale].emails).sort()).toEqual([...EMAIL_KINDS].sort());
      expect(Object.keys(sets[locale].declineReasons).sort()).toEqual([...EMAIL_DECLINE_REASONS].sort());
    }
  });

  it('use only the allowed placeholders, and no empty text', () => {
    for (const locale of EMAIL_LOCALES) {
      for (const [kind, template] of Object.entries(sets[locale].emails)) {
        const used = [...`${template.subject}${template.text}`.matchAll(/\{\{(.*?)\}\}/g)].map((match) => match[1]);
        for (const name of used)
          expect({ locale, kind, name, allowed: (EMAIL_PLACEHOLDERS as readonly string[]).includes(name) }).toMatchObject({
            allowed: true,
          });
        expect(template.text).toContain('{{link}}');
      }
      for (const label of Object.values(sets[locale].declineReasons)) expect(label.trim()).not.toBe('');
    }
  });

  it('use the same placeholders for a kind in every language', () => {
    const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]))].sort();
    for (const kind of EMAIL_KINDS) {
      const [first, ...others] = EMAIL_LOCALES.map((locale) => sets[locale].emails[kind]);
      for (const other of others) {
        expect({ kind, subject: placeholders(other.subject) }).toEqual({ kind, subject: placeholders(first.subject) });
        expect({ kind, text: placeholders(other.text) }).toEqual({ kind, text: placeholders(first.text) });
      }
    }
  });

  it('know every decline reason a hand-off can have', () => {
    expect([...EMAIL_DECLINE_REASONS].sort()).toEqual([...DECLINE_REASONS].sort());
  });
});
