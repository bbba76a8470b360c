/**
 * A client's relatives, lower case: the words that make a number, a date or a house theirs ("Kontakt: Mutter 12.03.1965",
 * "Antrags-Nr. folgt, Vater 0341 …", "wohnt bei ihrer Schwester Haus 5 …"). Each detector adds the people it needs too.
 */
export const RELATIVES = ['mutter', 'vater', 'bruder', 'schwester', 'onkel', 'tante'] as const;

/** Words as a regular-expression alternative, as German nouns stand in text ("Mutter|Vater"), for case-sensitive patterns. */
export const capitalisedAlternative = (words: readonly string[]): string =>
  words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('|');
