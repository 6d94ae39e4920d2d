// Fixture files: test-fixtures/e2e/NAME.{bt,json,expected}. The format of
// NAME.json is described in test-fixtures/README.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompareSpec } from './compare.js';
import { fixturesDir } from './paths.js';

export interface FixtureSpec {
  description: string;
  /** Tracer options before the script; placeholders {WORKLOAD} and {OUTPUT}. */
  args: string[];
  /** "e": pass NAME.bt's text with -e (the default); "file": pass NAME.bt's path. */
  script?: 'e' | 'file';
  /** Positional parameters after the script ($1, $2, ...). */
  params?: string[];
  /** File in test-fixtures/e2e/ fed to the tracer's stdin (and so to the -c command). */
  stdin?: string;
  /** Replace the workload's pid (as reported on stderr) by <PID>. */
  normalizePid?: boolean;
  timeoutMs?: number;
  /** The run must end by itself within this time (e.g. exit() from an interval probe). */
  maxDurationMs?: number;
  exitCode?: number;
  compare: CompareSpec;
}

export interface Fixture {
  name: string;
  spec: FixtureSpec;
  script: string;
  scriptPath: string;
  expectedPath: string;
  /** Undefined until record.mjs has run. */
  expected?: string;
}

export function loadFixtures(dir = fixturesDir): Fixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.json'.length);
      const scriptPath = join(dir, `${name}.bt`);
      const expectedPath = join(dir, `${name}.expected`);
      return {
        name,
        spec: JSON.parse(readFileSync(join(dir, f), 'utf8')) as FixtureSpec,
        script: readFileSync(scriptPath, 'utf8'),
        scriptPath,
        expectedPath,
        expected: existsSync(expectedPath) ? readFileSync(expectedPath, 'utf8') : undefined,
      };
    });
}

export interface Placeholders {
  WORKLOAD: string;
  OUTPUT: string;
}

export function expand(arg: string, values: Placeholders): string {
  return arg.replace(/\{(WORKLOAD|OUTPUT)\}/g, (_, k: keyof Placeholders) => values[k]);
}

/** Arguments for the tracer: options, then the script (-e TEXT or FILE), then parameters. */
export function tracerArgs(fx: Fixture, values: Placeholders): string[] {
  const script = fx.spec.script === 'file' ? [fx.scriptPath] : ['-e', fx.script.replace(/\n$/, '')];
  return [...fx.spec.args.map((a) => expand(a, values)), ...script, ...(fx.spec.params ?? [])];
}

export const writesOutputFile = (fx: Fixture) => fx.spec.args.some((a) => a.includes('{OUTPUT}'));
