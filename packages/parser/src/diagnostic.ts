// One Diagnostic type for every package. Errors are values: no package lets an
// exception escape for bad user input; it returns Diagnostics instead.

export type Severity = 'error' | 'warning';

/** 1-based line and column; offset is the 0-based UTF-16 index into the source. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A span of source. `end` is exclusive (the position just after the last character). */
export interface SourceRange {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, e.g. "parse/syntax", "type/undefined-map". */
  code: string;
  message: string;
  /** File name as given by the caller ("stdin" for -e, as bpftrace does). */
  file?: string;
  range?: SourceRange;
  notes?: string[];
}

export function error(code: string, message: string, range?: SourceRange, notes?: string[]): Diagnostic {
  return { severity: 'error', code, message, range, notes };
}

export function warning(code: string, message: string, range?: SourceRange, notes?: string[]): Diagnostic {
  return { severity: 'warning', code, message, range, notes };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}
