// Offsets to 1-based line/column positions. One LineMap per parsed source.
import type { Position, SourceRange } from './diagnostic.js';

export class LineMap {
  private readonly starts: number[] = [0];

  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i++) {
      if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const off = Math.max(0, Math.min(offset, this.source.length));
    // Binary search for the last line start <= off.
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - this.starts[lo]! + 1, offset: off };
  }

  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const s = this.starts[line - 1];
    if (s === undefined) return '';
    const e = line < this.starts.length ? this.starts[line]! - 1 : this.source.length;
    return this.source.slice(s, e);
  }
}
