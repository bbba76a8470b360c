import { CORPUS_NOW, MUST_CATCH, MUST_PASS } from './corpus';
import { findPersonalIdentifiers, IDENTIFIER_LABELS, type IdentifierKind } from './personal-identifier-guard';

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
  it('reports a valid IBAN and not the same IBAN with one digit changed', () => {
    expect(kinds('Konto DE89 3704 0044 0532 0130 00 bei der Sparkasse')).toEqual(['iban']);
    expect(kinds('Konto DE89 3704 0044 0532 0130 01 bei der Sparkasse')).toEqual([]);
    expect(kinds('Konto DE89370400440532013000')).toEqual(['iban']);
    expect(kinds('Konto DE89370400440532031000')).toEqual([]);
  });

  it('checks the length the country prescribes, so a valid IBAN followed by more characters still ends in the right place', () => {
    const text = 'IBAN GB82 WEST 1234 5698 7654 32 und NL91ABNA0417164300';
    expect(find(text).map(({ start, end }) => text.slice(start, end))).toEqual(['GB82 WEST 1234 5698 7654 32', 'NL91ABNA0417164300']);
  });

  it('does not read the digit groups of a mistyped IBAN as a phone number', () => {
    expect(find('IBAN DE89 3704 0044 0532 0130 07 (Tippfehler?)')).toEqual([]);
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
  const text = 'Bescheinigung, ausgefüllt 12.03.2024 von Frau K.';

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
    expect(kinds('Bescheid vom 12.05.2023, geb. 12.03.1987')).toEqual(['birth_date']);
  });

  it('reads two-digit years only next to a birth keyword', () => {
    expect(kinds('Vorsprache am 12.3.87')).toEqual([]);
    expect(kinds('geb. 12.3.87')).toEqual(['birth_date']);
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
    ['capitalised words', 'Aaaa '.repeat(2_000)],
    ['IBAN starts', 'DE89 '.repeat(2_000)],
    ['ID alphabet', 'LLLLLLLL '.repeat(1_112)],
    ['birth keywords', 'geb. 1.1. '.repeat(1_000)],
    ['document keywords', 'Passnummer: '.repeat(834)],
    ['document numbers', 'Pass: AB 12 '.repeat(834)],
    ['event words', 'ab ab ab ab ab ab ab ab 1.1.1990 '.repeat(304)],
    ['period starts', 'vom 1.1.1990 bis '.repeat(589)],
    ['mixed', 'geb. 12.03.1987 Eisenbahnstraße 12 +49 341 1234567 a@b.de DE89 3704 '.repeat(150)],
  ];

  it.each(adversarialInputs)('checks 10,000 characters of %s in well under a second', (_, input) => {
    const text = input.slice(0, 10_000);
    const startedAt = performance.now();
    findPersonalIdentifiers(text, { now: CORPUS_NOW });
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });
});
