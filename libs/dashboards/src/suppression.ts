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
  const shown = shownCounts(
    cells.map((cell) => cell.count),
    groupKeys.map((keyOf) => (index: number) => keyOf(cells[index])),
  );
  return cells.map((cell, index) => ({ ...cell, count: shown[index] }));
}

/**
 * suppressCells on bare counts: `groupKeys` name each cell's group by the cell's index (one key
 * function per kind of line: rows, columns, the whole list). For large tables such as the flow
 * matrix (over 10,000 cells, all in one group), without an object per cell.
 */
export function shownCounts(counts: readonly number[], groupKeys: ((index: number) => string | number)[]): ShownCount[] {
  const hidden = new Uint8Array(counts.length);
  counts.forEach((count, index) => (hidden[index] = count > 0 && count < MIN_CELL ? 1 : 0));
  // One sort of all cells, smallest first: each group, filled in that order, is sorted too.
  const bySize = counts.map((_, index) => index).sort((a, b) => counts[a] - counts[b] || a - b);
  // Groups do not change while cells are hidden: build them once, and keep each group's number of
  // hidden cells current, so a pass costs one check per group.
  type Group = { members: number[]; hiddenCount: number };
  const groups: Group[] = [];
  const groupsOfCell: Group[][] = counts.map(() => []);
  for (const keyOf of groupKeys) {
    const byKey = new Map<string | number, Group>();
    for (const index of bySize) {
      const key = keyOf(index);
      let group = byKey.get(key);
      if (!group) {
        group = { members: [], hiddenCount: 0 };
        byKey.set(key, group);
        groups.push(group);
      }
      group.members.push(index);
      group.hiddenCount += hidden[index];
      groupsOfCell[index].push(group);
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      if (group.hiddenCount !== 1) continue;
      const smallestShown = group.members.find((index) => !hidden[index] && counts[index] > 0);
      if (smallestShown === undefined) continue;
      hidden[smallestShown] = 1;
      for (const member of groupsOfCell[smallestShown]) member.hiddenCount += 1;
      changed = true;
    }
  }
  return counts.map((count, index) => (hidden[index] ? SUPPRESSED : count));
}

/** A total that is itself small is suppressed; otherwise it is published as is. */
export function suppressTotal(total: number): ShownCount {
  return total > 0 && total < MIN_CELL ? SUPPRESSED : total;
}
