import { suppressCells, suppressTotal } from './suppression';

describe('small-cell suppression', () => {
  it('shows counts below 5 as "<5" and leaves zero and larger counts', () => {
    const shown = suppressCells(
      [
        { key: 'a', count: 0 },
        { key: 'b', count: 3 },
        { key: 'c', count: 4 },
        { key: 'd', count: 12 },
      ],
      [() => 'all'],
    );
    expect(shown.map((cell) => cell.count)).toEqual([0, '<5', '<5', 12]);
  });

  it('suppresses a second cell when a lone suppressed cell could be recovered from the total', () => {
    const shown = suppressCells(
      [
        { key: 'a', count: 2 },
        { key: 'b', count: 7 },
        { key: 'c', count: 30 },
      ],
      [() => 'all'],
    );
    // total 39 would give away a = 39 - 7 - 30; b (the next smallest) is hidden too.
    expect(shown.map((cell) => cell.count)).toEqual(['<5', '<5', 30]);
  });

  it('protects rows and columns of a matrix until no line has exactly one hidden cell', () => {
    const matrix = [
      { from: 'A', to: 'X', count: 1 },
      { from: 'A', to: 'Y', count: 10 },
      { from: 'B', to: 'X', count: 20 },
      { from: 'B', to: 'Y', count: 30 },
    ];
    const shown = suppressCells(matrix, [(c) => `row ${c.from}`, (c) => `col ${c.to}`]);
    for (const keyOf of [(c: (typeof shown)[number]) => c.from, (c: (typeof shown)[number]) => c.to]) {
      const lines = new Map<string, number>();
      for (const cell of shown) if (cell.count === '<5') lines.set(keyOf(cell), (lines.get(keyOf(cell)) ?? 0) + 1);
      for (const hidden of lines.values()) expect(hidden).not.toBe(1);
    }
    expect(shown.find((c) => c.from === 'A' && c.to === 'X')?.count).toBe('<5');
  });

  it('suppresses small totals', () => {
    expect(suppressTotal(4)).toBe('<5');
    expect(suppressTotal(0)).toBe(0);
    expect(suppressTotal(5)).toBe(5);
  });
});
