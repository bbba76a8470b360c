import { MAX_PREPARED_STATEMENTS, preparedStatement, preparedStatementName } from './prepared-statements';

describe('preparedStatement', () => {
  it('returns the text unchanged and names it by its content, the same name for the same text', () => {
    const text = 'SELECT 1 AS one';
    expect(preparedStatement(text)).toBe(text);
    expect(preparedStatementName(text)).toMatch(/^cc_[\w-]{22}$/);
    expect(preparedStatementName(`${text} `)).toBeUndefined();
    preparedStatement(`${text} `);
    expect(preparedStatementName(`${text} `)).not.toBe(preparedStatementName(text));
  });

  it('prepares at most MAX_PREPARED_STATEMENTS texts, whatever callers mark; later ones run unprepared', () => {
    const texts = Array.from({ length: MAX_PREPARED_STATEMENTS + 10 }, (_, index) => `SELECT ${index} AS n`);
    for (const text of texts) preparedStatement(text);
    // First come, first prepared: the first is, and the ten past the bound are not.
    expect(preparedStatementName(texts[0])).toBeDefined();
    expect(texts.slice(-10).map(preparedStatementName)).toEqual(Array(10).fill(undefined));
    const names = texts.map(preparedStatementName).filter((name) => name !== undefined);
    expect(new Set(names).size).toBe(names.length);
  });
});
