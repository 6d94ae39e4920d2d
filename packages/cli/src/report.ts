// Diagnostics for people (bpftrace's text format) and for machines (JSON, SARIF 2.1.0).

import { renderDiagnostic, type Diagnostic } from '@bpftrace-ts/parser';
import { cliVersion } from './version.js';
import { expectReports } from './api-arguments.js';

/** One linted file: its diagnostics and the source they point into. */
export interface FileReport { file: string; source: string; diagnostics: Diagnostic[] }

export function textReport(reports: readonly FileReport[]): string {
  expectReports('textReport', reports);
  return reports.flatMap((r) => r.diagnostics.map((d) => renderDiagnostic(d, r.source) + '\n')).join('');
}

export interface JsonDiagnostic {
  file: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } } | null;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  notes?: string[];
}

export function jsonDiagnostics(reports: readonly FileReport[]): JsonDiagnostic[] {
  expectReports('jsonDiagnostics', reports);
  return reports.flatMap((r) => r.diagnostics.map((d) => ({
    file: d.file ?? r.file,
    range: d.range
      ? { start: { line: d.range.start.line, column: d.range.start.column }, end: { line: d.range.end.line, column: d.range.end.column } }
      : null,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.notes?.length ? { notes: d.notes } : {}),
  })));
}

export function jsonReport(reports: readonly FileReport[]): string {
  return JSON.stringify(jsonDiagnostics(reports), null, 2) + '\n';
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFO_URI = 'https://github.com/bpftrace/bpftrace';

/** A file name as a SARIF artifact URI: relative paths stay relative (code scanning wants that). */
function artifactUri(file: string): string {
  const path = file.split(/[\\/]/).map(encodeURIComponent).join('/');
  return path.startsWith('/') ? `file://${path}` : path;
}

export function sarifLog(reports: readonly FileReport[]): object {
  expectReports('sarifLog', reports);
  const rules: { id: string; name: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] = [];
  const ruleIndex = new Map<string, number>();
  const results = reports.flatMap((r) => r.diagnostics.map((d) => {
    if (!ruleIndex.has(d.code)) {
      ruleIndex.set(d.code, rules.length);
      rules.push({
        id: d.code,
        name: d.code.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()),
        shortDescription: { text: `bpftrace-ts check ${d.code}` },
        defaultConfiguration: { level: d.severity === 'error' ? 'error' : 'warning' },
      });
    }
    const region = d.range
      ? { startLine: d.range.start.line, startColumn: d.range.start.column, endLine: d.range.end.line, endColumn: Math.max(d.range.end.column, d.range.start.column + 1) }
      : { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
    const message = d.notes?.length ? `${d.message}\n${d.notes.map((n) => `HINT: ${n}`).join('\n')}` : d.message;
    return {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code)!,
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: message },
      locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(d.file ?? r.file) }, region } }],
    };
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'bpftrace-ts', version: cliVersion(), semanticVersion: cliVersion(), informationUri: INFO_URI, rules } },
      results,
    }],
  };
}

export function sarifReport(reports: readonly FileReport[]): string {
  return JSON.stringify(sarifLog(reports), null, 2) + '\n';
}
