import { matchesOf, type Span } from './spans';

// Every quantifier is bounded, so a failed attempt costs a constant number of steps and the scan stays linear.
const LOCAL_PART = String.raw`[\p{L}\p{N}._%+\-]{1,64}`;
/** "@", or the usual obfuscations: "(at)", "[at]", "{at}", "<at>", also with spaces and German "ät". */
const AT = String.raw`(?:@|[ \t]?[\[({<][ \t]?(?:at|ät|@)[ \t]?[\])}>][ \t]?)`;
/** ".", or "(dot)", "[punkt]" and the like. */
const DOT = String.raw`(?:\.|[ \t]?[\[({<][ \t]?(?:dot|punkt)[ \t]?[\])}>][ \t]?)`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?`;
const TOP_LEVEL_DOMAIN = String.raw`\p{L}{2,24}(?![\p{L}\p{N}\-])`;

const EMAIL = new RegExp(`${LOCAL_PART}${AT}${LABEL}(?:${DOT}${LABEL}){0,5}${DOT}${TOP_LEVEL_DOMAIN}`, 'giu');

/** E-mail addresses, including "name (at) domain.de" and "name[at]domain[dot]de". */
export function findEmails(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of matchesOf(EMAIL, text)) {
    // A local part never starts with a dot; "Mail:.name@x.de" is punctuation, not part of the address.
    const leadingDots = /^\.+/.exec(match[0])?.[0].length ?? 0;
    spans.push({ start: match.index + leadingDots, end: match.index + match[0].length });
  }
  return spans;
}
