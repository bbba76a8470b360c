import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The value at quantile `q` (0..1) of ascending `sorted` values (nearest rank); NaN when empty. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
  };
}

export const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} ms` : '–');
export const seconds = (valueMs: number) => (Number.isFinite(valueMs) ? `${(valueMs / 1000).toFixed(1)} s` : '–');
export const count = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');

/** A plain-text table (for the terminal) and the same as a Markdown table. */
export function table(headers: string[], rows: (string | number)[][]): { text: string; markdown: string } {
  const cells = rows.map((row) => row.map(String));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const text = [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
  const markdown = [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...cells.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  return { text, markdown };
}

/** UTC timestamp for file names: 2026-11-01T05-12-33Z. */
export function fileStamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/** Writes `<name>.json` and `<name>.md` under the results folder (created if missing); their paths. */
export function writeResults(folder: string, name: string, json: unknown, markdown: string): { json: string; markdown: string } {
  const dir = resolve(folder);
  mkdirSync(dir, { recursive: true });
  const jsonPath = join(dir, `${name}.json`);
  const markdownPath = join(dir, `${name}.md`);
  writeFileSync(jsonPath, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(markdownPath, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return { json: jsonPath, markdown: markdownPath };
}

/** `--name=value` and `--flag` arguments. */
export function parseArgs(argv: string[]): { flags: Set<string>; values: Map<string, string> } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unexpected argument "${arg}" (options look like --name=value or --flag)`);
    if (match[2] === undefined) flags.add(match[1]);
    else values.set(match[1], match[2]);
  }
  return { flags, values };
}

export function numberOption(values: Map<string, string>, name: string, fallback: number): number {
  const raw = values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
  return value;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** What a drill checked: printed as it goes, summarised at the end; any failure makes the exit code 1. */
export class Checks {
  readonly results: CheckResult[] = [];

  constructor(readonly prefix: string) {}

  check(name: string, ok: boolean, detail: string): boolean {
    this.results.push({ name, ok, detail });
    console.log(`  ${ok ? 'PASS' : 'FAIL'}  [${this.prefix}] ${name}: ${detail}`);
    return ok;
  }

  get failed(): CheckResult[] {
    return this.results.filter((result) => !result.ok);
  }
}

/** Prints a step of a drill with the seconds since `origin`. */
export function stepLogger(origin: number): (message: string) => void {
  return (message) => console.log(`[+${((Date.now() - origin) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}
