/** RFC 4180 CSV: a header row, then one line per row, CRLF line ends, quotes where needed. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const field = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    // A leading = + - @ would be read as a formula by spreadsheet programs.
    const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

type Scalar = string | number | boolean | null;
const MEASURE = (value: unknown): value is number | '<5' | null => typeof value === 'number' || value === '<5' || value === null;

/**
 * A dashboard as one long CSV table: section, up to three dimensions (the text fields of a row, in
 * the order the dashboard defines them), measure, value. Columns and row order are stable.
 */
export function dashboardCsv(dashboard: Record<string, unknown>): string {
  const rows: Scalar[][] = [];
  const emit = (section: string, dimensions: string[], measures: Record<string, unknown>) => {
    const padded = [...dimensions, '', '', ''].slice(0, 3);
    for (const [measure, value] of Object.entries(measures)) {
      if (MEASURE(value)) rows.push([section, ...padded, measure, value]);
    }
  };
  const walk = (section: string, value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) {
        const entries = Object.entries(item as Record<string, unknown>);
        const dimensions = entries.filter(([, v]) => typeof v === 'string' && v !== '<5').map(([, v]) => v as string);
        emit(
          section,
          dimensions,
          Object.fromEntries(
            entries.filter(([, v]) => MEASURE(v) || typeof v === 'boolean').map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]),
          ),
        );
      }
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>);
      emit(section, [], Object.fromEntries(entries.filter(([, v]) => MEASURE(v))));
      for (const [key, nested] of entries) if (typeof nested === 'object' && nested !== null) walk(`${section}.${key}`, nested);
    } else if (MEASURE(value)) {
      emit(section, [], { [section]: value });
    }
  };
  for (const [section, value] of Object.entries(dashboard)) {
    if (['window', 'generatedAt', 'organisationId'].includes(section)) continue;
    walk(section, value);
  }
  return toCsv(['section', 'dimension_1', 'dimension_2', 'dimension_3', 'measure', 'value'], rows as (string | number | null)[][]);
}
