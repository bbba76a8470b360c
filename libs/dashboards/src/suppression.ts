/** Counts below this are shown as "<5" so that nobody can be re-identified from a small cell. */
export const MIN_CELL = 5;
export const SUPPRESSED = '<5' as const;

export type ShownCount = number | typeof SUPPRESSED;

/**
 * Small-cell suppression for a table of counts, with secondary suppression: in any group (a row or
 * a column of a matrix, or the whole list) that has a published total, a single suppressed cell
 * could be recovered by subtraction, so the next smallest cell of that group is suppressed too.
 * Repeats until no group has exactly one suppressed cell.
 */
export function suppressCells<T extends { count: number }>(
  cells: T[],
  groupKeys: ((cell: T) => string)[],
): (Omit<T, 'count'> & { count: ShownCount })[] {
  const hidden = new Set<number>(cells.flatMap((cell, index) => (cell.count > 0 && cell.count < MIN_CELL ? [index] : [])));
  // Groups do not change while cells are hidden: build them once, each sorted smallest first.
  const groups = groupKeys.flatMap((keyOf) => {
    const byKey = new Map<string, number[]>();
    cells.forEach((cell, index) => {
      const key = keyOf(cell);
      const members = byKey.get(key);
      if (members) members.push(index);
      else byKey.set(key, [index]);
    });
    return [...byKey.values()].map((members) => members.sort((a, b) => cells[a].count - cells[b].count));
  });
  for (let changed = true; changed;) {
    changed = false;
    for (const members of groups) {
      if (members.filter((index) => hidden.has(index)).length !== 1) continue;
      const smallestShown = members.find((index) => !hidden.has(index) && cells[index].count > 0);
      if (smallestShown === undefined) continue;
      hidden.add(smallestShown);
      changed = true;
    }
  }
  return cells.map((cell, index) => ({ ...cell, count: hidden.has(index) ? SUPPRESSED : cell.count }));
}

/** A total that is itself small is suppressed; otherwise it is published as is. */
export function suppressTotal(total: number): ShownCount {
  return total > 0 && total < MIN_CELL ? SUPPRESSED : total;
}
