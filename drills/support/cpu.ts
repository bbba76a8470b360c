import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** user + system CPU time of a process in ms (from /proc/<pid>/stat), or null if it is gone. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Time a process spent runnable but waiting for a CPU, in ms (/proc/<pid>/schedstat), or null if it is gone. */
export function runQueueWaitMs(pid: number): number | null {
  try {
    const [, waitNs] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return waitNs / 1e6;
  } catch {
    return null;
  }
}

/** Busy and total CPU time of the whole machine in ms (first line of /proc/stat). */
export function machineCpuMs(): { busy: number; total: number } {
  const [line] = readFileSync('/proc/stat', 'utf8').split('\n');
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((sum, value) => sum + value, 0);
  return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
}

/**
 * CPU time used by groups of processes over a period, sampled from /proc: each sample adds the growth
 * of every process seen in both samples (a process that exits between samples loses its last slice).
 */
export class CpuAccount {
  private readonly last = new Map<number, number>();
  readonly used = new Map<string, number>();
  private machineStart = machineCpuMs();
  private machineEnd = this.machineStart;

  private readonly lastWait = new Map<number, number>();
  /** Time the processes of a group spent waiting for a CPU (runnable, not running). */
  readonly waited = new Map<string, number>();
  /** CPU time of every other process, by command name (who else was busy). */
  readonly others = new Map<string, number>();

  sample(groups: Record<string, number[]>): void {
    const grouped = new Set(Object.values(groups).flat());
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry) || grouped.has(Number(entry))) continue;
      const pid = Number(entry);
      const now = processCpuMs(pid);
      if (now === null) continue;
      const before = this.last.get(pid);
      this.last.set(pid, now);
      if (before === undefined || now === before) continue;
      let command = '?';
      try {
        command = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        // gone meanwhile
      }
      this.others.set(command, (this.others.get(command) ?? 0) + (now - before));
    }
    for (const [group, pids] of Object.entries(groups)) {
      for (const pid of pids) {
        const wait = runQueueWaitMs(pid);
        const waitBefore = this.lastWait.get(pid);
        if (wait !== null && waitBefore !== undefined) this.waited.set(group, (this.waited.get(group) ?? 0) + (wait - waitBefore));
        if (wait !== null) this.lastWait.set(pid, wait);
        const now = processCpuMs(pid);
        if (now === null) continue;
        const before = this.last.get(pid);
        if (before !== undefined) this.used.set(group, (this.used.get(group) ?? 0) + (now - before));
        else if (!this.used.has(group)) this.used.set(group, 0);
        this.last.set(pid, now);
      }
    }
    this.machineEnd = machineCpuMs();
  }

  /** The whole machine's busy CPU time since this account started (everything, also others' work). */
  machineBusyMs(): number {
    return this.machineEnd.busy - this.machineStart.busy;
  }
}

/** Pids of the processes with this command name (/proc/<pid>/comm), e.g. every Postgres process. */
export function pidsOf(command: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === command) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
