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
  for (let changed = true; changed;) {
    changed = false;
    for (const keyOf of groupKeys) {
      const groups = new Map<string, number[]>();
      cells.forEach((cell, index) => groups.set(keyOf(cell), [...(groups.get(keyOf(cell)) ?? []), index]));
      for (const members of groups.values()) {
        const hiddenHere = members.filter((index) => hidden.has(index));
        if (hiddenHere.length !== 1) continue;
        const candidates = members
          .filter((index) => !hidden.has(index) && cells[index].count > 0)
          .sort((a, b) => cells[a].count - cells[b].count);
        if (candidates.length === 0) continue;
        hidden.add(candidates[0]);
        changed = true;
      }
    }
  }
  return cells.map((cell, index) => ({ ...cell, count: hidden.has(index) ? SUPPRESSED : cell.count }));
}

/** A total that is itself small is suppressed; otherwise it is published as is. */
export function suppressTotal(total: number): ShownCount {
  return total > 0 && total < MIN_CELL ? SUPPRESSED : total;
}
