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
  const shown = shownCounts(cells, groupKeys);
  return cells.map((cell, index) => ({ ...cell, count: shown[index] }));
}

/** suppressCells' counts alone, in the cells' order: for large tables, without copying every cell. */
export function shownCounts<T extends { count: number }>(cells: T[], groupKeys: ((cell: T) => string)[]): ShownCount[] {
  const hidden = new Set<number>(cells.flatMap((cell, index) => (cell.count > 0 && cell.count < MIN_CELL ? [index] : [])));
  // Groups do not change while cells are hidden: build them once, each sorted smallest first, and
  // keep each group's number of hidden cells current, so a pass costs one check per group (the flow
  // matrix has over 10,000 cells, all in one group).
  const groups = groupKeys.flatMap((keyOf) => {
    const byKey = new Map<string, number[]>();
    cells.forEach((cell, index) => {
      const key = keyOf(cell);
      const members = byKey.get(key);
      if (members) members.push(index);
      else byKey.set(key, [index]);
    });
    return [...byKey.values()].map((members) => ({
      members: members.sort((a, b) => cells[a].count - cells[b].count),
      hiddenCount: members.filter((index) => hidden.has(index)).length,
    }));
  });
  const groupsOfCell = cells.map((): (typeof groups)[number][] => []);
  for (const group of groups) for (const index of group.members) groupsOfCell[index].push(group);
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      if (group.hiddenCount !== 1) continue;
      const smallestShown = group.members.find((index) => !hidden.has(index) && cells[index].count > 0);
      if (smallestShown === undefined) continue;
      hidden.add(smallestShown);
      for (const member of groupsOfCell[smallestShown]) member.hiddenCount += 1;
      changed = true;
    }
  }
  return cells.map((cell, index) => (hidden.has(index) ? SUPPRESSED : cell.count));
}

/** A total that is itself small is suppressed; otherwise it is published as is. */
export function suppressTotal(total: number): ShownCount {
  return total > 0 && total < MIN_CELL ? SUPPRESSED : total;
}
