import { matchesOf, type Span } from './spans';

// Every quantifier is bounded, so a failed attempt costs a constant number of steps and the scan stays linear.
const LOCAL_PART = String.raw`[\p{L}\p{N}._%+\-]{1,64}`;
/** "@" (also with a space around it, as dictation writes it), or "(at)", "[at]", "{at}", "<at>", "(a)" and German "ät". */
const AT = String.raw`(?:[ \t]?@[ \t]?|[ \t]?[\[({<][ \t]?(?:at|ät|a|@)[ \t]?[\])}>][ \t]?)`;
/** "at" as a word, only after a local part no sentence has ("ali.hassan at example.org", "samir_77 AT example.de"). */
const SPOKEN_AT = String.raw`(?<=[._\p{N}][\p{L}\p{N}]{0,63})[ \t]{1,2}(?:at|AT|ät)[ \t]{1,2}`;
/** ".", or "(dot)", "[punkt]" and the like. */
const DOT = String.raw`(?:\.|[ \t]?[\[({<][ \t]?(?:dot|punkt)[ \t]?[\])}>][ \t]?)`;
const LABEL = String.raw`[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?`;
const TOP_LEVEL_DOMAIN = String.raw`\p{L}{2,24}(?![\p{L}\p{N}\-])`;

const EMAIL = new RegExp(`${LOCAL_PART}(?:${AT}|${SPOKEN_AT})${LABEL}(?:${DOT}${LABEL}){0,5}${DOT}${TOP_LEVEL_DOMAIN}`, 'giu');

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
