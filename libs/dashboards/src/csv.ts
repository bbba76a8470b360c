/** RFC 4180 CSV: a header row, then one line per row, CRLF line ends, quotes where needed. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const field = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    // A leading = + - @ (or a tab or carriage return before one) would be read as a formula by
    // spreadsheet programs: organisation and counsellor names are typed by users.
    const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

import type { FlowMatrix } from './dashboards.service';

type Scalar = string | number | boolean | null;
const MEASURE = (value: unknown): value is number | '<5' | null => typeof value === 'number' || value === '<5' || value === null;
const MAX_DIMENSIONS = 3;

/**
 * A dashboard as one long CSV table: section, up to three dimensions (the first text fields of a
 * row, in the order the dashboard defines them), measure, value. Counts, rates and any further text
 * fields (states, dates) become measure rows. Columns and row order are stable.
 */
export function dashboardCsv(dashboard: Record<string, unknown>): string {
  const rows: Scalar[][] = [];
  const emit = (section: string, dimensions: string[], measures: [string, Scalar][]) => {
    const padded = [...dimensions, '', '', ''].slice(0, MAX_DIMENSIONS);
    for (const [measure, value] of measures) rows.push([section, ...padded, measure, value]);
  };
  const walk = (section: string, value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) {
        const entries = Object.entries(item as Record<string, unknown>);
        const dimensionKeys = entries
          .filter(([, v]) => typeof v === 'string' && v !== '<5')
          .slice(0, MAX_DIMENSIONS)
          .map(([key]) => key);
        const measures = entries.filter(
          ([key, v]) => !dimensionKeys.includes(key) && (MEASURE(v) || typeof v === 'boolean' || typeof v === 'string'),
        );
        emit(
          section,
          dimensionKeys.map((key) => (item as Record<string, string>)[key]),
          measures.map(([key, v]) => [key, typeof v === 'boolean' ? Number(v) : (v as Scalar)]),
        );
      }
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      emit(section, [], entries.filter(([, v]) => MEASURE(v)) as [string, Scalar][]);
      for (const [key, nested] of entries) if (typeof nested === 'object' && nested !== null) walk(`${section}.${key}`, nested);
    } else if (MEASURE(value)) {
      emit(section, [], [[section, value]]);
    }
  };
  for (const [section, value] of Object.entries(dashboard)) {
    if (['window', 'generatedAt', 'organisationId'].includes(section)) continue;
    walk(section, value);
  }
  return toCsv(['section', 'dimension_1', 'dimension_2', 'dimension_3', 'measure', 'value'], rows as (string | number | null)[][]);
}

/**
 * The network dashboard as CSV: like dashboardCsv, with the flow matrix as one row per cell, named
 * by its sending and receiving organisation (a spreadsheet has no use for indexes).
 */
export function networkCsv(dashboard: { flows: FlowMatrix } & Record<string, unknown>): string {
  const { organisations, cells } = dashboard.flows;
  const flows = cells.map(([from, to, count]) => ({
    fromOrganisation: organisations[from].name,
    toOrganisation: organisations[to].name,
    count,
  }));
  return dashboardCsv({ ...dashboard, flows });
}
