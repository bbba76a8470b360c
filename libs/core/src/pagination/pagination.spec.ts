import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  const id = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

  it('round-trips a position through an opaque cursor', () => {
    expect(decodeCursor(encodeCursor(['Caritas', id]), ['text', 'uuid'])).toEqual(['Caritas', id]);
  });

  it.each([
    ['not base64 json', 'a!b'],
    ['wrong length', encodeCursor(['Caritas'])],
    ['an id that is not a UUID', encodeCursor(['Caritas', "1' OR 1=1"])],
    ['a number where text belongs', encodeCursor([5, id])],
  ])('rejects a cursor with %s as a 400', (_, cursor) => {
    expect(() => decodeCursor(cursor, ['text', 'uuid'])).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('hands out a next cursor only when an extra row was fetched', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (r) => [r.id])).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor(['b']) });
    expect(toPage(rows, 3, (r) => [r.id]).nextCursor).toBeNull();
  });
});
