import { CORPUS_NOW, MUST_CATCH, MUST_PASS } from './corpus';
import { BIRTH_DATE_HINTS, findPersonalIdentifiers, IDENTIFIER_LABELS, type IdentifierKind, mask } from './personal-identifier-guard';

const find = (text: string, now: Date = CORPUS_NOW) => findPersonalIdentifiers(text, { now });
const kinds = (text: string, now?: Date) => find(text, now).map((finding) => finding.kind);
const ALL_KINDS: IdentifierKind[] = ['email', 'phone', 'iban', 'birth_date', 'street_address', 'id_number'];

describe('personal-identifier guard corpus', () => {
  it('has at least 120 examples to catch, at least 15 of every kind, and at least 120 to pass', () => {
    expect(MUST_CATCH.length).toBeGreaterThanOrEqual(120);
    expect(MUST_PASS.length).toBeGreaterThanOrEqual(120);
    for (const kind of ALL_KINDS) expect(MUST_CATCH.filter((example) => example.kind === kind).length).toBeGreaterThanOrEqual(15);
  });

  it.each(MUST_CATCH)('catches the $kind in "$text" (and nothing else)', ({ text, kind, identifier }) => {
    const at = text.indexOf(identifier);
    expect(at).toBeGreaterThanOrEqual(0);
    const findings = find(text);
    expect(findings).toEqual([expect.objectContaining({ kind })]);
    expect(findings[0].start).toBeLessThanOrEqual(at);
    expect(findings[0].end).toBeGreaterThanOrEqual(at + identifier.length);
  });

  it.each(MUST_PASS)('lets "%s" pass', (text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('IBAN checksum', () => {
  it('reports a valid IBAN in any spelling, a mistyped one only when it is printed like an IBAN', () => {
    expect(kinds('Konto DE89 3704 0044 0532 0130 00 bei der Sparkasse')).toEqual(['iban']);
    expect(kinds('Konto DE89370400440532013000')).toEqual(['iban']);
    expect(kinds('Konto de89 3704 0044 0532 0130 00')).toEqual(['iban']);
    // One digit changed or swapped: still the client's account number.
    expect(kinds('Konto DE89 3704 0044 0532 0130 01 bei der Sparkasse')).toEqual(['iban']);
    expect(kinds('Konto DE89370400440532031000')).toEqual(['iban']);
  });

  it.each([
    'DE00370400440532013000',
    'Konto DE00 3704 0044 0532 0130 00, Sparkasse',
    'IBAN: GB00 WEST 1234 5698 7654 32',
    'Überweisung auf AT00 1904 3002 3457 3201',
  ])('flags the mistyped IBAN in "%s"', (text) => {
    expect(kinds(text)).toEqual(['iban']);
  });

  it.each([
    ['lower case', 'Konto de00 3704 0044 0532 0130 00'],
    ['a country without IBANs', 'Vorgang XX00 3704 0044 0532 0130 00'],
    ['other separators', 'Nummer DE89-3704-0044-0532-0130-07'],
    ['too few digits', 'Code DE00 ABCD EFGH 1234 5678 90'],
    ['the wrong length', 'Konto DE00 3704 0044 0532 0130 0'],
  ])('needs the checksum for an IBAN shape with %s: "%s"', (_, text) => {
    expect(kinds(text)).not.toContain('iban');
  });

  it('checks the length the country prescribes, so a valid IBAN followed by more characters still ends in the right place', () => {
    const text = 'IBAN GB82 WEST 1234 5698 7654 32 und NL91ABNA0417164300';
    expect(find(text).map(({ start, end }) => text.slice(start, end))).toEqual(['GB82 WEST 1234 5698 7654 32', 'NL91ABNA0417164300']);
  });

  it('does not read the digit groups of a mistyped IBAN as a phone number', () => {
    expect(kinds('IBAN DE89 3704 0044 0532 0130 07 (Tippfehler?)')).toEqual(['iban']);
    expect(find('Konto DE89-3704-0044-0532-0130-07 (Tippfehler?)')).toEqual([]);
  });

  it('takes any IBAN-shaped token after the word "IBAN" for one, whatever its spelling or checksum', () => {
    expect(kinds('IBAN DE89-3704-0044-0532-0130-07 (Tippfehler?)')).toEqual(['iban']);
    expect(kinds('Die IBAN lautet DE12 50010517 5407324931')).toEqual(['iban']);
    expect(kinds('IBAN: de12 5001 0517 5407 3249 39')).toEqual(['iban']);
    expect(kinds('IBAN DE 12 5001 0517 5407 3249 31')).toEqual(['iban']);
  });
});

describe('offsets and masking', () => {
  it('reports 0-based, end-exclusive offsets into the checked text', () => {
    const text = 'Mail: ana@example.org, Tel. 0341 1234567.';
    expect(find(text)).toEqual([
      { kind: 'email', start: 6, end: 21, masked: 'a•••••••••••••g' },
      { kind: 'phone', start: 28, end: 40, masked: '0••••••••••7' },
    ]);
    expect(text.slice(6, 21)).toBe('ana@example.org');
    expect(text.slice(28, 40)).toBe('0341 1234567');
  });

  it('never echoes an identifier: the mask keeps its length and its first and last character only', () => {
    for (const { text } of MUST_CATCH) {
      for (const finding of find(text)) {
        const original = text.slice(finding.start, finding.end);
        expect(finding.masked).not.toBe(original);
        expect(finding.masked).toHaveLength(original.length);
        expect(finding.masked[0]).toBe(original[0]);
        expect(finding.masked.at(-1)).toBe(original.at(-1));
        expect(finding.masked.slice(1, -1)).toMatch(/^•+$/);
      }
    }
  });

  it('orders findings by start offset', () => {
    const text = 'Herr B., geb. 01.02.1980, Tel. 0176 12345678, wohnt Eisenbahnstraße 5, Mail b@example.org';
    expect(kinds(text)).toEqual(['birth_date', 'phone', 'street_address', 'email']);
  });

  it('has a German and an English label for every kind', () => {
    for (const kind of ALL_KINDS) expect(IDENTIFIER_LABELS[kind]).toEqual({ de: expect.any(String), en: expect.any(String) });
  });

  it('returns nothing for empty text', () => {
    expect(findPersonalIdentifiers('')).toEqual([]);
  });
});

describe('overlapping findings', () => {
  it('keeps the longer finding: an e-mail address with a phone number in it is one e-mail address', () => {
    expect(kinds('Schreiben an max.01761234567@example.org')).toEqual(['email']);
  });

  it('keeps the IBAN, not the phone-like digit groups inside it', () => {
    expect(kinds('IBAN DE89 3704 0044 0532 0130 00')).toEqual(['iban']);
  });

  it('prefers the keyword over the shape when both cover the same number', () => {
    // "0012345678" is also shaped like an international phone number; the keyword says it is a document number.
    expect(kinds('Dokumentennummer 0012345678')).toEqual(['id_number']);
    // An 11-digit number is shaped like a tax id; after "Tel." it is a phone number.
    expect(kinds('Tel. 17612345678')).toEqual(['phone']);
  });

  it('never returns overlapping findings', () => {
    const text = MUST_CATCH.map((example) => example.text).join(' ');
    const findings = find(text);
    for (let index = 1; index < findings.length; index++) expect(findings[index].start).toBeGreaterThanOrEqual(findings[index - 1].end);
    expect(findings.length).toBeGreaterThanOrEqual(MUST_CATCH.length - 5);
  });
});

describe('the now option', () => {
  const text = 'Formular, ausgefüllt 12.03.2024 von Frau K.';

  it('lets dates of the current and the previous year pass and flags older ones', () => {
    expect(kinds(text, new Date('2024-06-01T12:00:00Z'))).toEqual([]);
    expect(kinds(text, new Date('2025-12-31T12:00:00Z'))).toEqual([]);
    expect(kinds(text, new Date('2026-01-01T12:00:00Z'))).toEqual(['birth_date']);
  });

  it('flags any date after a birth keyword, also this year', () => {
    expect(kinds('geboren am 02.06.2026', new Date('2026-06-15T12:00:00Z'))).toEqual(['birth_date']);
    expect(kinds('Termin am 02.06.2026', new Date('2026-06-15T12:00:00Z'))).toEqual([]);
  });

  it('defaults to the current time', () => {
    const lastYear = new Date().getFullYear() - 1;
    expect(findPersonalIdentifiers(`Bescheid vom 02.01.${lastYear}`)).toEqual([]);
    expect(findPersonalIdentifiers('Frau K., 02.01.1990')).toHaveLength(1);
  });

  it('lets older dates pass that a nearby word places as an event or a document, but not across a name', () => {
    expect(kinds('Bescheid vom 12.05.2023 ist bestandskräftig.')).toEqual([]);
    expect(kinds('Er ist am 10.10.2022 in Leipzig angekommen.')).toEqual([]);
    expect(kinds('Termin für Herrn Ahmadi 12.03.1987')).toEqual(['birth_date']);
    // A preposition lets an event word further back place only a recent date: this one is an adult's age.
    expect(kinds('Termin für Herrn Ahmadi am 12.03.1987')).toEqual(['birth_date']);
    expect(kinds('Einreise nach Deutschland am 15.08.2015')).toEqual([]);
  });

  it('reads keycap and underlined digits as digits', () => {
    expect(
      kinds(
        'Tel 0\uFE0F\u20E31\uFE0F\u20E37\uFE0F\u20E36\uFE0F\u20E3 1\uFE0F\u20E32\uFE0F\u20E33\uFE0F\u20E34\uFE0F\u20E35\uFE0F\u20E36\uFE0F\u20E37\uFE0F\u20E38\uFE0F\u20E3',
      ),
    ).toEqual(['phone']);
    expect(kinds('Tel 0\u03321\u03327\u03326\u0332 1\u03322\u03323\u03324\u03325\u03326\u03327\u03328\u0332')).toEqual(['phone']);
  });

  it("does not take a child's birth date for an event named further back", () => {
    for (const text of [
      'Frau A. hat am 12.03.2020 ihr drittes Kind bekommen.',
      'Kindergeld erhalten, Sohn am 12.03.2019',
      'Antrag auf Kindergeld für Tochter Amal am 12.03.2019',
      'Termin für Tochter Amal am 12.03.2015',
      'Termin Kinderarzt, Tochter (am 12.03.2016)',
      'Familie mit Sohn Ali, am 12.03.2019 geb.',
    ])
      expect({ text, kinds: kinds(text) }).toEqual({ text, kinds: ['birth_date'] });
    for (const text of [
      'Hausbesuch bei Frau K. am 20.09.2024',
      'Duldung erhalten am 12.03.2023',
      'Am 15.08.2015 nach Deutschland eingereist.',
    ])
      expect({ text, kinds: kinds(text) }).toEqual({ text, kinds: [] });
    expect(kinds('Bescheid vom 12.05.2023, geb. 12.03.1987')).toEqual(['birth_date']);
  });

  it('reads two-digit years only next to a birth keyword', () => {
    expect(kinds('Vorsprache am 12.3.87')).toEqual([]);
    expect(kinds('geb. 12.3.87')).toEqual(['birth_date']);
  });
});

/** Invisible characters that must not hide an identifier: zero-width space, non-joiner, joiner, word joiner, BOM, soft hyphen. */
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];

describe('identifiers written with other digits, fullwidth forms or invisible characters', () => {
  it.each<[string, IdentifierKind, string]>([
    ['geboren am ١٢.٠٣.١٩٨٥', 'birth_date', '١٢.٠٣.١٩٨٥'],
    ['شماره تماس ۰۱۷۶۱۲۳۴۵۶۷۸', 'phone', '۰۱۷۶۱۲۳۴۵۶۷۸'],
    ['Telefon: ٠١٧٦١٢٣٤٥٦٧٨', 'phone', '٠١٧٦١٢٣٤٥٦٧٨'],
    ['Tel ０１７６ １２３４５６７８', 'phone', '０１７６ １２３４５６７８'],
    ['Tel ０１７６\u3000１２３４５６７８', 'phone', '０１７６\u3000１２３４５６７８'],
    ['ali＠gmail.com', 'email', 'ali＠gmail.com'],
    ...INVISIBLE.map((invisible): [string, IdentifierKind, string] => [`ali${invisible}@gmail.com`, 'email', `ali${invisible}@gmail.com`]),
    ['Mail: a\u200Bli@exa\u00ADmple.org\u200B bitte nicht nutzen', 'email', 'a\u200Bli@exa\u00ADmple.org'],
    ['Handy 0176\u200B1234\u200D5678', 'phone', '0176\u200B1234\u200D5678'],
    ['Rückruf 0341\u00A0123\u00A045\u00A067', 'phone', '0341\u00A0123\u00A045\u00A067'],
    ['Festnetz 0341\u20111234567', 'phone', '0341\u20111234567'],
    ['Handy 𝟎𝟏𝟕𝟔 𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖', 'phone', '𝟎𝟏𝟕𝟔 𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖'],
    ['geb. १२.०३.१९८५ (Devanagari)', 'birth_date', '१२.०३.१९८५'],
    ['IBAN ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００', 'iban', 'ＤＥ８９ ３７０４ ００４４ ０５３２ ０１３０ ００'],
  ])('catches "%s" (a %s) at its place in the original text', (text, kind, identifier) => {
    const start = text.indexOf(identifier);
    expect(find(text)).toEqual([expect.objectContaining({ kind, start, end: start + identifier.length, masked: mask(identifier) })]);
  });

  it('reports offsets into the original text when invisible characters or wider forms stand before a finding', () => {
    const text = 'Klientin\u200B\u200B (Tel. ٠١٧٦ ١٢٣٤٥٦٧٨) ＜ali\u2060@example.org＞, ｇｅｂ． ١٢.٠٣.١٩٨٥';
    expect(find(text).map(({ kind, start, end }) => [kind, text.slice(start, end)])).toEqual([
      ['phone', '٠١٧٦ ١٢٣٤٥٦٧٨'],
      ['email', 'ali\u2060@example.org'],
      ['birth_date', '١٢.٠٣.١٩٨٥'],
    ]);
  });

  it.each([
    'Termin am ١٤.١١.٢٠٢٦ bei der Ausländerbehörde.',
    'Erstgespräch am ١٢.٠٣.٢٠٢٤ geführt',
    'الإيجار ٥٦٣ يورو، ٣ أطفال', // rent 563 euros, 3 children
    'می‌خواهد وقت بگیرد، ساعت ۱۰:۳۰', // Persian with zero-width non-joiners: wants an appointment, 10:30
    'Miete 563\u00A0€, Termin um 14:30\u00A0Uhr, Raum 3.12.',
    'Sie möchte\u00ADgerne\u200B einen Termin, § 24\u00A0AufenthG.',
    'Kurs B1 ab ０３.０２.２０２７, Ｍｏ–Ｆｒ ８:３０–１２:４５',
    'Fall K7QM\u20112XHD an die Migrationsberatung übergeben.',
    'Wohnung 72 m², Miete ½ vom Amt, Termin ①',
  ])('lets "%s" pass', (text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('birth dates and event dates', () => {
  it.each([
    'Erstgespräch am 12.03.2024 geführt',
    'Beratungsgespräch am 04.11.2023',
    'Erstkontakt am 12.03.2024 im Stadthaus',
    'Hausbesuch am 20.09.2024',
    'Arbeitsbeginn war der 01.04.2023',
    'Duldung erteilt am 12.03.2023',
    'Anerkennung als Flüchtling am 01.02.2023 erhalten',
    'Integrationskurs begonnen am 02.05.2024',
    'Heirat am 10.05.2019 in Syrien',
    'Einreise nach Deutschland am 15.08.2015',
    'We met on 12 March 2024 to discuss housing',
    'Last contact 03/04/2024, no answer since',
    // more of the same kind
    'Gespräch mit Herrn Ahmadi am 12.03.2023 in der Beratungsstelle.',
    'Hausbesuch bei Frau K. am 20.09.2024, niemand angetroffen.',
    'Am 15.08.2015 ist die Familie nach Deutschland eingereist.',
    'Einreise am 15.08.2015, geboren in Aleppo.',
    'Aufenthaltserlaubnis erteilt am 01.06.2022.',
    'Scheidung am 03.03.2021 rechtskräftig.',
    'Sprachkursbeginn 04.09.2023, Abschluss B1 im Sommer.',
    'Visit on 5 May 2023, client not at home.',
    'Moved to Leipzig on 1 October 2022.',
    '12.03.2024: Hausbesuch, Klientin nicht angetroffen.',
    'Verlauf:\n- 12.03.2023 Erstgespräch\n- 20.09.2023 Hausbesuch\n- 04.11.2023 Begleitung zum Jobcenter',
  ])('lets the event date in "%s" pass', (text) => {
    expect(find(text)).toEqual([]);
  });

  it.each([
    ['geboren am 12.03.1985', '12.03.1985'],
    ['geb. 12.03.1985', '12.03.1985'],
    ['DOB 12/03/1985', '12/03/1985'],
    ['born 12 March 1985', '12 March 1985'],
    ['Geburtsdatum: 12.03.1985', '12.03.1985'],
    ['* 12.03.1985', '12.03.1985'],
    ['Klient 12.03.1985, Syrien', '12.03.1985'],
    ['geboren am 12.03.1985, Einreise 2015', '12.03.1985'],
    // event words nearby do not hide a birth date
    ['Klient 12.03.1985 Einreise 2015', '12.03.1985'],
    ['Frau B., 12.03.1985, hat eine Duldung erhalten.', '12.03.1985'],
    ['Termin mit Herrn A., am 12.03.1987 geboren, kommt mit Dolmetscher.', '12.03.1987'],
    ['Kindergeld erhalten, Sohn 12.03.2019', '12.03.2019'],
    ['Sohn besucht die Kita, 12.03.2019', '12.03.2019'],
    ['Geburtstermin am 12.03.2020', '12.03.2020'],
    // a child's birth date without any context (7 years old)
    ['Tochter 12.03.2019, Kita ab Herbst', '12.03.2019'],
  ])('flags the birth date in "%s"', (text, identifier) => {
    const start = text.indexOf(identifier);
    expect(find(text)).toEqual([expect.objectContaining({ kind: 'birth_date', start, end: start + identifier.length })]);
  });

  it('tells how to write an event date so that it passes, and that a birth date has no place', () => {
    expect(find('Klient 12.03.2015, Syrien')).toEqual([expect.objectContaining({ kind: 'birth_date', hint: BIRTH_DATE_HINTS.unnamed })]);
    expect(find('geboren am 12.03.2015')).toEqual([expect.objectContaining({ kind: 'birth_date', hint: BIRTH_DATE_HINTS.named })]);
    const suggestions = BIRTH_DATE_HINTS.unnamed.match(/"[^"]+"/g) ?? [];
    expect(suggestions).toHaveLength(3);
    for (const suggestion of suggestions) expect(find(`Klient ${suggestion.slice(1, -1).replace('…', '12.03.2015')}, Syrien`)).toEqual([]);
    expect(find('Tel. 0341 1234567')[0]).not.toHaveProperty('hint');
  });
});

describe('rules at their edges', () => {
  it('requires at least seven digits for a phone number', () => {
    expect(kinds('Tel. 0341 12')).toEqual([]);
    expect(kinds('Tel. 0341 123')).toEqual(['phone']);
  });

  it('wants a house number for a street address', () => {
    expect(kinds('Beratung in der Eisenbahnstraße')).toEqual([]);
    expect(kinds('Beratung in der Eisenbahnstraße 3 b')).toEqual(['street_address']);
  });

  it('lets a product case code pass even when typed without its dash', () => {
    // "XY202504" has the shape of a passport number (two letters, six digits), but its check character is valid.
    expect(kinds('Fall XY202504 übernommen')).toEqual([]);
    expect(kinds('Fall XY202505 übernommen')).toEqual(['id_number']);
  });

  it('does not flag a file number after "Aktenzeichen" unless it has an ID shape', () => {
    expect(kinds('Aktenzeichen 0341-555-1234')).toEqual([]);
    expect(kinds('Aktenzeichen L01X00T47')).toEqual(['id_number']);
  });
});

describe('running time', () => {
  const adversarialInputs: [string, string][] = [
    ['digits', '0'.repeat(10_000)],
    ['digit groups', '0 1'.repeat(3_334)],
    ['dotted digits', '1.2.'.repeat(2_500)],
    ['separators', '0-/. ('.repeat(1_667)],
    ['local parts', 'a.'.repeat(5_000) + '@'],
    ['at signs', 'a@b'.repeat(3_334)],
    ['obfuscated at', 'x (at) '.repeat(1_430)],
    ['street words', 'Straße '.repeat(1_430)],
    ['street compounds', 'Am Lützner-Straßenweg '.repeat(455)],
    ['house markers', 'Haus Nr. 1 in der '.repeat(556)],
    ['spoken at signs', 'a1.b2 at '.repeat(1_112)],
    ['dates after commas', 'Ab,12.03.1987 '.repeat(715)],
    ['compact dates after birth words', 'geb. 12031987 '.repeat(715)],
    ['brackets between digit groups', '01 ('.repeat(2_500)],
    ['names before Straße', `${'Karl Heine '.repeat(900)}Straße 5`],
    ['house markers before compounds', 'Nr. 1 der Aaaa-Aaaa-Aaaa-Aaaa-Aaaa-Aaaa-Aaaa-Aaaa-Aaaa-Aaa '.repeat(153)],
    ['capitalised words', 'Aaaa '.repeat(2_000)],
    ['IBAN starts', 'DE89 '.repeat(2_000)],
    ['ID alphabet', 'LLLLLLLL '.repeat(1_112)],
    ['birth keywords', 'geb. 1.1. '.repeat(1_000)],
    ['document keywords', 'Passnummer: '.repeat(834)],
    ['document numbers', 'Pass: AB 12 '.repeat(834)],
    ['event words', 'ab ab ab ab ab ab ab ab 1.1.1990 '.repeat(304)],
    ['period starts', 'vom 1.1.1990 bis '.repeat(589)],
    ['compound event words', 'Erstgesprächsterminvereinbarungen am 1.1.1990 '.repeat(223)],
    ['long words before dates', `${'Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'} am 1.1.1990 `.repeat(116)],
    ['words after dates', 'am 1.1.1990 eingereist geboren '.repeat(323)],
    ['Arabic digits', '٠١٧٦ ١٢٣٤٥٦٧٨ ١٢.٠٣.١٩٨٥ '.repeat(400)],
    ['fullwidth forms', 'ａｌｉ＠ｅｘａｍｐｌｅ．ｏｒｇ ０１７６ '.repeat(400)],
    ['invisible characters', '\u200B'.repeat(10_000)],
    ['combining marks', `a${'\u0301'.repeat(9_999)}`],
    ['mixed', 'geb. 12.03.1987 Eisenbahnstraße 12 +49 341 1234567 a@b.de DE89 3704 '.repeat(150)],
  ];

  it.each(adversarialInputs)('checks 10,000 characters of %s in well under a second', (_, input) => {
    const text = input.slice(0, 10_000);
    const startedAt = performance.now();
    findPersonalIdentifiers(text, { now: CORPUS_NOW });
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });
});
