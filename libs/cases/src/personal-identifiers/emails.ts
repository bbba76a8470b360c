import { matchesOf, type Span } from './spans';

// Every quantifier is bounded, so a failed attempt costs a constant number of steps and the scan stays linear.
const LOCAL_PART = String.raw`[\p{L}\p{N}._%+\-]{1,64}`;
/** "@", or the usual obfuscations: "(at)", "[at]", "{at}", "<at>", also with spaces and German "ät". */
const AT = String.raw`(?:@|[ \t]?[\[({<][ \t]?(?:at|ät|@)[ \t]?[\])}>][ \t]?)`;
/**
 * As dictation writes it: "@" with a space around it, a spoken "at", or "(a)". Only believed after a local part that is
 * no word of a sentence (below), and only where no address of the strict kind stands ("reached at amal.said@gmail.com").
 */
const LOOSE_AT = String.raw`(?<loose>[ \t]@[ \t]?|@[ \t]|[ \t]?\(a\)[ \t]?|[ \t]{1,2}(?:at|AT|ät)[ \t]{1,2})`;
/** ".", or "(dot)", "[punkt]" and the like. */
const DOT = String.raw`(?:\.|[ \t]?[\[({<][ \t]?(?:dot|punkt)[ \t]?[\])}>][ \t]?)`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?`;
const TOP_LEVEL_DOMAIN = String.raw`\p{L}{2,24}(?![\p{L}\p{N}\-])`;
const DOMAIN = String.raw`${LABEL}(?:${DOT}${LABEL}){0,5}${DOT}(?<tld>${TOP_LEVEL_DOMAIN})`;

const EMAIL = new RegExp(`(?<local>${LOCAL_PART})${AT}${DOMAIN}`, 'giu');
const LOOSE_EMAIL = new RegExp(`(?<local>${LOCAL_PART})${LOOSE_AT}${DOMAIN}`, 'giu');
/** Endings of file names, never of a mail domain ("Unterlagen (a) Mietvertrag.pdf"). */
const FILE_EXTENSION = /^(?:pdf|jpe?g|png|gif|heic|docx?|xlsx?|pptx?|odt|txt|csv|html?|zip)$/i;
/**
 * A local part no sentence has: letters joined by a dot or underscore ("ali.hassan", "samir_77"), not a course level or
 * a capitalised word ("B2 at sprachschule.de", "Anmeldung @ vhs-leipzig.de"), nor a file name ("bescheid_2024.pdf").
 */
const ADDRESS_LIKE_LOCAL_PART = /^(?=.*\p{L}{2})(?:.*\p{L}[._]\p{L}|.*\p{L}_\p{N})/u;
/** A lower-case name ("ali"): next to "@" a local part, before a spoken "at" a sentence ("visit us at …"). */
const LOWER_CASE_NAME = /^\p{Ll}[\p{Ll}\p{N}]+$/u;

/** E-mail addresses, including "name (at) domain.de", "name[at]domain[dot]de" and dictated ones ("ali @ example.org"). */
export function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of matchesOf(EMAIL, text)) {
    if (FILE_EXTENSION.test(match.groups?.tld ?? '')) continue;
    // A local part never starts with a dot; "Mail:.name@x.de" is punctuation, not part of the address.
    const leadingDots = /^\.+/.exec(match[0])?.[0].length ?? 0;
    spans.push({ start: match.index + leadingDots, end: match.index + match[0].length });
  }
  const strict = [...spans];
  for (const match of matchesOf(LOOSE_EMAIL, text)) {
    const { local, loose, tld } = match.groups ?? {};
    const end = match.index + match[0].length;
    if (FILE_EXTENSION.test(tld) || strict.some((span) => span.start < end && match.index < span.end)) continue;
    // A plain name will do next to "@" or "(a)" ("ali @ example.org", "fatima(a)gmx.de"), not before a spoken "at".
    const named = ADDRESS_LIKE_LOCAL_PART.test(local) || (!/at|ät/i.test(loose) && LOWER_CASE_NAME.test(local));
    const fileName = local.includes('.') && FILE_EXTENSION.test(local.slice(local.lastIndexOf('.') + 1));
    if (named && !fileName) spans.push({ start: match.index, end });
  }
  return spans;
}
