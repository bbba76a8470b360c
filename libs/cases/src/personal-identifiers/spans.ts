/** A half-open range of UTF-16 offsets in the checked text. */
export interface Span {
  start: number;
  end: number;
}

/** A detector's hit. When two hits of equal length overlap, the higher priority wins (a keyword beats a bare shape). */
export interface ScoredSpan extends Span {
  priority: number;
}

/**
 * Spans that other detectors must not read as identifiers (dates, times, IBAN-shaped tokens), queried by position.
 * Lookups are binary searches, so a detector can ask once per candidate and stay linear in the text.
 */
export class BlockedSpans {
  private readonly spans: Span[];
  /** maxEnd[i] = the largest end among spans[0..i], so "is position p inside any span" is one search. */
  private readonly maxEnd: number[];

  constructor(spans: Iterable<Span>) {
    this.spans = [...spans].sort((a, b) => a.start - b.start);
    let running = -1;
    this.maxEnd = this.spans.map((span) => (running = Math.max(running, span.end)));
  }

  /** True if position lies inside one of the spans. */
  covers(position: number): boolean {
    const index = this.lastStartingAtOrBefore(position);
    return index >= 0 && this.maxEnd[index] > position;
  }

  /** The start of the first span that begins strictly inside (from, to), if any. */
  firstStartInside(from: number, to: number): number | undefined {
    const index = this.lastStartingAtOrBefore(from) + 1;
    return index < this.spans.length && this.spans[index].start < to ? this.spans[index].start : undefined;
  }

  overlaps(start: number, end: number): boolean {
    return this.covers(start) || this.firstStartInside(start, end) !== undefined;
  }

  private lastStartingAtOrBefore(position: number): number {
    let low = 0;
    let high = this.spans.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.spans[middle].start <= position) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}

/**
 * Up to `length` characters of text ending at index (a keyword window), without a word cut in half at the window's
 * start, so that "Grab" never reads as "ab".
 */
export function wordsBefore(text: string, index: number, length: number): string {
  const start = Math.max(0, index - length);
  const window = text.slice(start, index);
  return start > 0 && /[\p{L}\p{N}]/u.test(text.charAt(start - 1)) ? window.replace(/^[\p{L}\p{N}]+/u, '') : window;
}

/** Up to `length` characters of text starting at index. */
export function textAfter(text: string, index: number, length: number): string {
  return text.slice(index, index + length);
}

/** Every match of a global regular expression (a fresh copy, so callers never share lastIndex). */
export function* matchesOf(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  const regex = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (match[0].length === 0) regex.lastIndex++;
    yield match;
  }
}
