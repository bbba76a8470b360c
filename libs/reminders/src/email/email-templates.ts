import { NOTIFICATION_KINDS, type NotificationKind } from '../notification.entity';
import { de } from './templates/de';
import { en } from './templates/en';

/**
 * E-mail texts per language. An e-mail carries nothing about a case but its pseudonymous code and a
 * link (data minimisation): templates can only use the placeholders below, and `renderEmail` fills
 * in nothing else, whatever the caller passes.
 *
 * Adding a language: add `templates/<code>.ts` (the compiler demands every kind and every reason)
 * and list it in EMAIL_LOCALES and TEMPLATE_SETS below.
 */
export const EMAIL_LOCALES = ['de', 'en'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

const TEMPLATE_SETS: Record<EmailLocale, EmailTemplateSet> = { de, en };
const FALLBACK_LOCALE: EmailLocale = 'de';

/** Every notification is also an e-mail. */
export type EmailKind = NotificationKind;
export const EMAIL_KINDS: readonly EmailKind[] = NOTIFICATION_KINDS;

/**
 * The decline reason codes of a hand-off. Kept here rather than imported from @app/handoffs, which
 * depends on this library; the spec checks that both lists agree.
 */
export const EMAIL_DECLINE_REASONS = [
  'no_capacity',
  'not_eligible',
  'wrong_domain',
  'language_not_available',
  'client_unreachable',
  'client_declined',
  'other',
] as const;
export type EmailDeclineReason = (typeof EMAIL_DECLINE_REASONS)[number];

/** The only placeholders a template may contain, as `{{name}}`. */
export const EMAIL_PLACEHOLDERS = ['caseCode', 'link', 'count', 'dueAt', 'dueOn', 'reason'] as const;
export type EmailPlaceholder = (typeof EMAIL_PLACEHOLDERS)[number];

export interface EmailVariables {
  caseCode?: string | null;
  link: string;
  count?: number;
  dueAt?: Date | null;
  /** A calendar date (`YYYY-MM-DD`, e.g. a case's follow-up date): shown as a date, without a time. */
  dueOn?: string | null;
  reason?: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

/** One language: what `templates/<code>.ts` exports. */
export interface EmailTemplateSet {
  /** BCP 47 tag used to format dates and numbers, e.g. `de-DE`. */
  intlLocale: string;
  /** Subject and body per kind, with `{{placeholders}}`; the body gets the footer appended. */
  emails: Record<EmailKind, RenderedEmail>;
  /** Label of each decline reason code, filled in for `{{reason}}`. */
  declineReasons: Record<EmailDeclineReason, string>;
  /** Appended to every body after a blank line. */
  footer: string;
}

/** Shown where a value is missing (no case code, no due date). */
const MISSING = '–';
const LINK_PATTERN = /^https?:\/\/\S+$/;
/** Case codes are `XXXX-XXXX`; anything else here would be a bug upstream, and must not reach an e-mail. */
const CASE_CODE_PATTERN = /^[0-9A-Za-z-]{1,32}$/;
const CALENDAR_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const PLACEHOLDER_PATTERN = /\{\{(\w+)\}\}/g;

/** `de-DE`, `en_GB`, `EN` → a supported locale; anything else → German. */
export function resolveEmailLocale(locale: string | null | undefined): EmailLocale {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (EMAIL_LOCALES as readonly string[]).includes(primary) ? (primary as EmailLocale) : FALLBACK_LOCALE;
}

/** Falls back to German for an unknown locale; throws for an unknown kind. Never includes anything but the variables above. */
export function renderEmail(kind: EmailKind, locale: string, variables: EmailVariables): RenderedEmail {
  const set = TEMPLATE_SETS[resolveEmailLocale(locale)];
  if (!Object.hasOwn(set.emails, kind)) throw new Error(`No e-mail template for kind ${JSON.stringify(kind)}`);
  const values = placeholderValues(set, variables);
  const fill = (template: string) =>
    template.replace(PLACEHOLDER_PATTERN, (match, name: string) =>
      (EMAIL_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as EmailPlaceholder] : match,
    );
  const template = set.emails[kind];
  return { subject: fill(template.subject), text: `${fill(template.text)}\n\n${set.footer}` };
}

/** Picks the known variables one by one, so extra properties of `variables` can never reach the text. */
function placeholderValues(set: EmailTemplateSet, variables: EmailVariables): Record<EmailPlaceholder, string> {
  const { caseCode, link, count, dueAt, dueOn, reason } = variables;
  if (typeof link !== 'string' || !LINK_PATTERN.test(link)) throw new Error('E-mail link must be an absolute http(s) URL');
  if (caseCode != null && !CASE_CODE_PATTERN.test(caseCode)) throw new Error('E-mail case code is not a case code');
  return {
    caseCode: caseCode ?? MISSING,
    link,
    count: typeof count === 'number' && Number.isFinite(count) ? formatter(set.intlLocale).number.format(count) : MISSING,
    dueAt: dueAt instanceof Date && !Number.isNaN(dueAt.getTime()) ? formatter(set.intlLocale).date.format(dueAt) : MISSING,
    dueOn: formatCalendarDate(set.intlLocale, dueOn),
    reason:
      reason != null && Object.hasOwn(set.declineReasons, reason)
        ? set.declineReasons[reason as EmailDeclineReason]
        : set.declineReasons.other,
  };
}

/** A `YYYY-MM-DD` date as the reader writes dates; anything else (or an impossible date) a dash. */
function formatCalendarDate(intlLocale: string, dueOn: string | null | undefined): string {
  if (typeof dueOn !== 'string' || !CALENDAR_DATE_PATTERN.test(dueOn)) return MISSING;
  const day = new Date(`${dueOn}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(dueOn) ? formatter(intlLocale).day.format(day) : MISSING;
}

const formatters = new Map<string, { date: Intl.DateTimeFormat; day: Intl.DateTimeFormat; number: Intl.NumberFormat }>();

function formatter(intlLocale: string): { date: Intl.DateTimeFormat; day: Intl.DateTimeFormat; number: Intl.NumberFormat } {
  let found = formatters.get(intlLocale);
  if (!found) {
    found = {
      date: new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
      // A calendar date has no time of day: read at midnight UTC, it must not move to another day.
      day: new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeZone: 'UTC' }),
      number: new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 }),
    };
    formatters.set(intlLocale, found);
  }
  return found;
}

/** The template sets, for tests that check every language. */
export function emailTemplateSets(): Readonly<Record<EmailLocale, EmailTemplateSet>> {
  return TEMPLATE_SETS;
}
