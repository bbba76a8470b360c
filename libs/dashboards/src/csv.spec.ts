import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes a header and CRLF-ended rows, quoting fields with a comma, quote or line break', () => {
    expect(
      toCsv(
        ['name', 'count'],
        [
          ['Zeta "Rat, Tat" e.V.', 3],
          ['two\nlines', null],
        ],
      ),
    ).toBe('name,count\r\n"Zeta ""Rat, Tat"" e.V.",3\r\n"two\nlines",\r\n');
  });

  it('keeps a name that a spreadsheet would run as a formula from being one', () => {
    const rows = ['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'].map((name) => [name]);
    expect(toCsv(['name'], rows).split('\r\n').slice(1, -1)).toEqual([
      `"'=HYPERLINK(""https://evil.example"",""x"")"`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1+1",
      // A carriage return inside a field is quoted, after the apostrophe.
      `"'\r=1+1"`,
    ]);
  });

  it('leaves numbers as they are, negative ones included', () => {
    expect(toCsv(['value'], [[-1.5], [0]])).toBe('value\r\n-1.5\r\n0\r\n');
  });
});
