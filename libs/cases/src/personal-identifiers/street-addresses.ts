import { capitalisedAlternative, RELATIVES } from './people';
import { matchesOf, textAfter, wordsBefore, type Span } from './spans';

const SUFFIXES = 'straße strasse str. str weg allee platz gasse gässchen ring damm ufer chaussee markt steig pfad promenade graben'.split(
  ' ',
);
const escape = (word: string) => word.replace('.', '\\.');
const SUFFIX = SUFFIXES.map(escape).join('|');
const SUFFIX_WORD = SUFFIXES.map((suffix) => escape(suffix[0].toUpperCase() + suffix.slice(1))).join('|');
const WORD = String.raw`\p{Lu}[\p{L}\-]{1,30}`;
/** A street written as one word: "Eisenbahnstraße", "Karl-Liebknecht-Str.", "St.-Georg-Straße" (a dot inside a name only before a hyphen). */
const STREET_COMPOUND = String.raw`\p{L}(?:[\p{L}\-]|\.(?=-)){0,40}?(?:${SUFFIX}|-(?:${SUFFIX_WORD}))`;
/**
 * What may stand between a street and its number, or before a number that names a street after it: a marker that names
 * a house ("Hausnummer", "Hausnr.", "Haus-Nr.", "Haus Nr.", "Hs.-Nr.") or a bare one ("Haus", "Nummer", "Nr."), which
 * numbers anything ("Besuch Nummer 2", "Sportplatz, Haus 2") and is only believed where the text says it is a house.
 */
const HOUSE_MARKER = String.raw`(?<marker>[Hh]aus(?:nummer|nr\.?|-[Nn]r\.?|[ \t]{1,2}(?:[Nn]r\.?|[Nn]ummer))?|[Hh]s\.?-?[Nn]r\.?|[Nn]ummer|[Nn]r\.?)`;
const BARE_MARKER = /^(?:haus|nummer|nr\.?)$/i;
const HOUSE_NUMBER = String.raw`[1-9]\d{0,2}(?:[ \t]?[a-zA-Z](?![\p{L}\p{N}]))?`;

/**
 * A German street name followed by a house number. The street is one word ending in a street suffix
 * ("Eisenbahnstraße", "Karl-Liebknecht-Str.", "Eisenbahnstr"), or a suffix word after an adjective or preposition ("Lützner Straße",
 * "Am Markt") or before a qualifier ("Straße des 18. Oktober"). The house number: "12", "5a", "3 b", "12-14", "7/9", also after "Nr." or "Hausnr.".
 * Every quantifier is bounded and every attempt starts at a word start, so the scan stays linear.
 */
const GERMAN_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}\-])` +
    String.raw`(?:(?<preposition>(?:Am|Im|Zum|Zur|(?:An|Auf|Hinter|Vor|Unter|Über)[ \t]{1,2}(?:der|den|dem))[ \t]{1,2})|(?<adjective>${WORD}[ \t]{1,2}))?` +
    String.raw`(?<street>${STREET_COMPOUND}|${SUFFIX_WORD})(?!\p{L})` +
    String.raw`(?<qualifier>[ \t]{1,2}(?:des|der|den|dem|am|an|im|zum|zur|vom|von)[ \t]{1,2}(?:[1-9]\d?\.[ \t]{0,2})?${WORD}(?:[ \t]{1,2}${WORD})?)?` +
    String.raw`[ \t]{0,2}(?:,?[ \t]{0,2}${HOUSE_MARKER}[ \t]{0,2})?(?<number>${HOUSE_NUMBER}(?:[ \t]{0,2}[\-–/][ \t]{0,2}[1-9]\d{0,2}[a-zA-Z]?)?)` +
    String.raw`(?![\p{L}\p{N}]|[.,:]\d)`,
  'gu',
);

/**
 * The house named first: "Hausnummer 12 in der Eisenbahnstraße", "Nr. 7 der Hermann-Liebmann-Straße", "Haus 5, Lützner
 * Straße". Only after a house marker, and only with a street named in one word or after an adjective, so that "Termin Nr. 2
 * in der Beratungsstelle" stays a sentence; a bare marker only where the words before say someone lives there (RESIDENCE_BEFORE).
 */
const NUMBER_FIRST_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}\-])${HOUSE_MARKER}[ \t]{0,2}${HOUSE_NUMBER}(?![\p{L}\p{N}]|[.,:]\d)[ \t]{0,2},?[ \t]{1,2}` +
    String.raw`(?:(?:[Ii]n|[Aa]n|[Aa]uf)[ \t]{1,2}der[ \t]{1,2}|der[ \t]{1,2}|im[ \t]{1,2}|am[ \t]{1,2})?` +
    // the street ends the word: "im Eisenbahnstraße-Viertel" names a quarter
    String.raw`(?:(?<adjective>\p{Lu}\p{L}{0,30}er)[ \t]{1,2}(?<suffixWord>${SUFFIX_WORD})|(?<street>${STREET_COMPOUND}))(?![\p{L}-])`,
  'gu',
);
/**
 * A street name in words before "Straße" or "Str", the hyphens left out: two or three names ("Karl Liebknecht Straße 5") or
 * an adjective in -sche ("Zschochersche Straße 55"); one noun is as likely the sentence ("Demo Straße 3 gesperrt"). Only
 * before these two: "Platz 3" and "Weg 2" are too common in sentences.
 */
const WORDS_BEFORE_STRASSE = new RegExp(
  String.raw`(?<![\p{L}\p{N}\-])(?<words>\p{Lu}\p{Ll}{1,24}(?:[ \t]{1,2}\p{Lu}\p{Ll}{1,24}){0,2})[ \t]{1,2}(?:Straße|Strasse|Str\.?)(?!\p{L})` +
    String.raw`[ \t]{0,2}(?:,?[ \t]{0,2}${HOUSE_MARKER}[ \t]{0,2})?(?<number>${HOUSE_NUMBER})(?![\p{L}\p{N}]|[.,:]\d)`,
  'gu',
);
/**
 * A bare marker numbers a house where the words before say someone lives there ("wohnt in Nr. 7 der …", "schläft bei
 * einer Freundin, Haus 5 in der …"), not anything else ("Hausbesuch Nr. 2 in der …", "ist in Haus 3 am Augustusplatz").
 */
const RESIDENCE_BEFORE =
  /(?<![\p{L}])(?:wohn(?:t|te|en|e|haft|ung|heim|ort|sitz|anschrift|adresse)|leb(?:t|te|en)|anschrift|adresse|unterkunft|unterkommen|schläft|übernachtet|zieht|gezogen|umzug|gemeldet|meldeadresse|lives?|living|moved|address)(?![\p{L}])[^.!?;\n]*$/iu;
/**
 * A noun right before the marker says what it numbers ("wohnt in Leipzig, Termin Nr. 2 in der …"), unless it is the
 * residence or its people ("Anschrift Nr. 7", "wohnt bei ihrer Schwester Haus 5", "Freundin, Haus 5").
 */
const NOUN_RIGHT_BEFORE = new RegExp(
  String.raw`(?<![\p{L}])(?!(?:\p{L}*(?:[Aa]dresse|[Aa]nschrift|[Ww]ohnung|[Ww]ohnort|[Ww]ohnsitz|[Uu]nterkunft|heim)|` +
    String.raw`${capitalisedAlternative([...RELATIVES, 'freundin', 'freund', 'eltern', 'familie', 'bekannten', 'cousin', 'cousine'])})[ \t])` +
    String.raw`\p{Lu}[\p{L}-]*[ \t]+$`,
  'u',
);
/** Words that begin a phrase, not a street's name ("Die Straße 5 Häuser weiter", "Auf Straße 3"). */
const NOT_STREET_NAME_WORDS = new Set(
  `der die das den dem des ein eine einer einem einen auf in im am an zur zum vom von bei mit nach aus über unter vor hinter
   neben zwischen durch für gegen ohne bis und oder aber auch nur noch jede jeder diese dieser seine ihre meine unsere
   welche wohnt wohnen lebt leben adresse anschrift wohnung neue alte heute morgen gestern abend nacht bahnhof`.split(/\s+/),
);

/** "12 Baker Street", "221B Baker Street", "10 Downing St". */
const ENGLISH_ADDRESS = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?<number>[1-9]\d{0,3})[A-Za-z]?,?[ \t]{1,2}(?:(?<name>\p{Lu}[\p{L}'’\-]{1,30})[ \t]{1,2}){1,3}` +
    String.raw`(?<type>Street|Road|Avenue|Lane|Drive|Way|Boulevard|Close|Court|Square|Place|Crescent|Terrace|Gardens|Grove|Row|Mews|Rd\.?|St\.?|Ave\.?|Ln\.?|Blvd\.?|Sq\.?)(?![\p{L}])`,
  'gu',
);

/** English words in "-ring" that counselling notes use. */
const GERUNDS = new Set(
  'clearing mentoring monitoring catering tutoring sharing caring hearing offering recovering gathering engineering steering scoring boring'.split(
    ' ',
  ),
);
/** The word before "Court" that makes it a court of law. */
const COURTS_OF_LAW =
  /^(?:Family|District|Administrative|High|Supreme|Magistrates'?|Juvenile|Youth|Federal|Regional|Social|Labour|Labor|Criminal|Civil|Appeals?|Dublin|Asylum|Immigration)$/;

/** Compounds with a street suffix that name no street ("Kitaplatz 2", "Bahnsteig 3"). */
const NOT_STREETS = new Set(
  `arbeitsplatz ausbildungsplatz kitaplatz krippenplatz kindergartenplatz hortplatz schulplatz studienplatz therapieplatz
   heimplatz pflegeplatz wohnheimplatz kursplatz sprachkursplatz integrationskursplatz praktikumsplatz parkplatz
   spielplatz sitzplatz stellplatz wohnplatz unterbringungsplatz beratungsplatz wartelistenplatz listenplatz
   arbeitsmarkt wohnungsmarkt supermarkt flohmarkt ausbildungsmarkt weihnachtsmarkt getränkemarkt baumarkt
   rechtsweg bildungsweg schulweg heimweg rückweg umweg ausweg fluchtweg arbeitsweg lebensweg dienstweg fußweg hinweg
   radweg lösungsweg hering ehering schlüsselring bahnsteig bahndamm flussufer sackgasse lernpfad trampelpfad
   schlafplatz bettplatz lernweg betreuungsplatz frauenhausplatz stellenmarkt drogeriemarkt lebensmittelmarkt biomarkt`.split(/\s+/),
);
/** Words before "Straße"/"Platz" that are not part of a street name ("die Straße 5 Häuser weiter"). */
const STREET_ADJECTIVE = /^(?:\p{Lu}\p{L}*er|Neue|Alte|Große|Kleine|Lange|Hohe|Breite|Kurze|Obere|Untere|Innere|Äußere)$/u;
const NOT_ADJECTIVES = new Set([
  'der',
  'oder',
  'über',
  'aber',
  'unser',
  'unter',
  'hinter',
  'wieder',
  'kinder',
  'eltern',
  'immer',
  'jeder',
  'dieser',
  'einer',
  'wer',
  'ihrer',
  'seiner',
  // seasons, months and relatives: "Im Oktober Platz 3 auf der Warteliste", "Mutter Platz 2"
  ...'sommer winter september oktober november dezember tochter partner partnerin'.split(' '),
  ...RELATIVES,
]);
/** A number followed by a unit counts something, it is no house number ("Eisenbahnstraße 2 x wöchentlich"). */
const UNITS = String.raw`x × mal uhr h std\.? min\.? kinder kind personen person jahre jahr monate monat wochen woche tage tag
  euro eur € % prozent plätze häuser minuten stunden meter m km qm m² cent ct termine angebote stationen haltestellen stände nächte`.split(
  /\s+/,
);
const UNIT_AFTER_NUMBER = new RegExp(String.raw`^[ \t]*(?:${UNITS.join('|')})(?!\p{L})`, 'iu');

/**
 * Street addresses in the text, also where it is written in capitals ("EISENBAHNSTRASSE 12"): those words are read
 * a second time as a name is written ("Eisenbahnstrasse 12").
 */
export function findStreetAddresses(text: string): Span[] {
  const spans = findIn(text);
  const named = nameCase(text);
  if (named === text) return spans;
  const found = new Set(spans.map(({ start, end }) => `${start}:${end}`));
  for (const span of findIn(named)) if (!found.has(`${span.start}:${span.end}`)) spans.push(span);
  return spans;
}

/** Words written in capitals with their first letter only capital, letter for letter, so that every offset stays. */
function nameCase(text: string): string {
  return text.replace(/\p{Lu}{2,}/gu, (word) => {
    const [first, ...rest] = Array.from(word);
    const lower = rest.map((letter) => (letter.toLowerCase().length === letter.length ? letter.toLowerCase() : letter));
    return first + lower.join('');
  });
}

/** A unit right after the number (or after its digits) makes it a count: "Eisenbahnstraße 2 x wöchentlich". */
function countsSomething(text: string, end: number, number: string): boolean {
  const afterDigits = end - number.length + (/^\d+/.exec(number)?.[0].length ?? 0);
  return UNIT_AFTER_NUMBER.test(textAfter(text, afterDigits, 12)) || UNIT_AFTER_NUMBER.test(textAfter(text, end, 12));
}

/** Not a compound that names no street ("Kitaplatz"); lower-case only with an unmistakable suffix ("eisenbahnstr. 12"). */
function believableStreet(street: string): boolean {
  const name = street.toLowerCase();
  if (NOT_STREETS.has(name) || NOT_STREETS.has(name.replaceAll('-', ''))) return false;
  // English gerunds end like a ring road ("Clearing", "Mentoring"); "Europaring", "Goethering" are streets.
  if (GERUNDS.has(name)) return false;
  return !/^\p{Ll}/u.test(street) || /(?:straße|strasse|str\.?)$/.test(street);
}

function findIn(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of matchesOf(GERMAN_ADDRESS, text)) {
    const { preposition, adjective, street, qualifier, number } = match.groups ?? {};
    const end = match.index + match[0].length;
    if (countsSomething(text, end, number)) continue;
    if (!believableStreet(street)) continue;
    // "Eisenbahnstraße, Haus 12", "…-Straße Nummer 14"; not "Sportplatz, Haus 2" or "Clearing Nummer 2".
    if (/^(?:haus|nummer)$/i.test(match.groups?.marker ?? '') && !/(?:straße|strasse|str\.?|allee|gasse)$/i.test(street)) continue;
    const bare = SUFFIXES.some((suffix) => suffix === street.toLowerCase());
    const namedAdjective =
      adjective !== undefined && STREET_ADJECTIVE.test(adjective.trim()) && !NOT_ADJECTIVES.has(adjective.trim().toLowerCase());
    // "Am Markt 3" is a street; "In der Straße 5 Häuser weiter" is not, and no street is called "Am Straße".
    const prepositionalName = preposition !== undefined && !/^(?:straße|strasse|str\.)$/i.test(street);
    // "Str." is only ever written in addresses, so "Str. 5a" counts even without a name before it.
    if (bare && street !== 'Str.' && !prepositionalName && !namedAdjective && !qualifier) continue;
    // A compound street name stands alone: a capitalised word before it is just the previous word of the sentence.
    const start = match.index + (adjective !== undefined && !(bare && namedAdjective) ? adjective.length : 0);
    spans.push({ start, end });
  }
  for (const match of matchesOf(NUMBER_FIRST_ADDRESS, text)) {
    const { adjective, street } = match.groups ?? {};
    if (BARE_MARKER.test(match.groups?.marker ?? '')) {
      const before = wordsBefore(text, match.index, 40);
      if (!RESIDENCE_BEFORE.test(before) || NOUN_RIGHT_BEFORE.test(before)) continue;
    }
    if (street !== undefined && !believableStreet(street)) continue;
    if (adjective !== undefined && NOT_ADJECTIVES.has(adjective.toLowerCase())) continue;
    spans.push({ start: match.index, end: match.index + match[0].length });
  }
  for (const match of matchesOf(WORDS_BEFORE_STRASSE, text)) {
    const { words, number } = match.groups ?? {};
    const end = match.index + match[0].length;
    if (countsSomething(text, end, number)) continue;
    // The name starts after the phrase's own words ("Wohnt Karl Liebknecht Straße 5": at "Karl").
    const names = [...words.matchAll(/\p{L}+/gu)].filter((word) => !NOT_STREET_NAME_WORDS.has(word[0].toLowerCase()));
    if (names.length >= 2 || (names.length === 1 && /sche$/.test(names[0][0]))) spans.push({ start: match.index + names[0].index, end });
  }
  for (const match of matchesOf(ENGLISH_ADDRESS, text)) {
    const end = match.index + match[0].length;
    const { number, name, type } = match.groups ?? {};
    // "St." before a name is "Saint" ("Klinikum St. Georg").
    if (/^St\.?$/.test(type) && /^[ \t]+\p{Lu}/u.test(textAfter(text, end, 3))) continue;
    // A court of law, not a close of houses: "2 Family Court hearings".
    if (type === 'Court' && COURTS_OF_LAW.test(name)) continue;
    // A year after a preposition: "In 2023 Dublin Court ruled", "since 2021 Oak Road Clinic".
    if (
      /^(?:19|20)\d\d$/.test(number) &&
      /(?:^|[^\p{L}])(?:in|since|from|until|by|of|the)[ \t]*$/iu.test(wordsBefore(text, match.index, 12))
    )
      continue;
    spans.push({ start: match.index, end });
  }
  return spans;
}
