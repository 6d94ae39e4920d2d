// Fixture files: test-fixtures/e2e/NAME.{bt,json,expected}. The format of
// NAME.json is described in test-fixtures/README.md.
import { createHash } from 'node:crypto';
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
  /**
   * An installed script used in place of NAME.bt (e.g. /usr/sbin/opensnoop.bt), read from
   * there at test time and passed as the FILE argument; there is no NAME.bt then.
   */
  scriptPath?: string;
  /** sha256 of scriptPath's content when recorded: another version of the tool is refused. */
  scriptSha256?: string;
  /** Positional parameters after the script ($1, $2, ...). */
  params?: string[];
  /** File in test-fixtures/e2e/ fed to the tracer's stdin (and so to the -c command). */
  stdin?: string;
  /** Replace the workload's pid (as reported on stderr) by <PID>; see normalize(). */
  normalizePid?: boolean;
  /** Regex replacements (flags gm) applied to the output after the pids, e.g. time columns. */
  masks?: Mask[];
  timeoutMs?: number;
  /** The run must end by itself within this time (e.g. exit() from an interval probe). */
  maxDurationMs?: number;
  exitCode?: number;
  compare: CompareSpec;
}

export interface Mask {
  regex: string;
  with: string;
}

export interface Fixture {
  name: string;
  spec: FixtureSpec;
  /** The script's text; empty if an installed scriptPath is missing (see missingScript). */
  script: string;
  scriptPath: string;
  /** Set when spec.scriptPath names a file that is not there (the tool is not installed). */
  missingScript?: string;
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
      const spec = JSON.parse(readFileSync(join(dir, f), 'utf8')) as FixtureSpec;
      const scriptPath = spec.scriptPath ?? join(dir, `${name}.bt`);
      const expectedPath = join(dir, `${name}.expected`);
      const missing = spec.scriptPath !== undefined && !existsSync(scriptPath);
      return {
        name,
        spec,
        script: missing ? '' : readFileSync(scriptPath, 'utf8'),
        scriptPath,
        missingScript: missing ? `${scriptPath} not found` : undefined,
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
  const asFile = fx.spec.script === 'file' || fx.spec.scriptPath !== undefined;
  const script = asFile ? [fx.scriptPath] : ['-e', fx.script.replace(/\n$/, '')];
  return [...fx.spec.args.map((a) => expand(a, values)), ...script, ...(fx.spec.params ?? [])];
}

export const writesOutputFile = (fx: Fixture) => fx.spec.args.some((a) => a.includes('{OUTPUT}'));

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Why an installed script cannot stand for the recording, or undefined if it can. */
export function scriptProblem(fx: Fixture): string | undefined {
  if (fx.missingScript) return fx.missingScript;
  const want = fx.spec.scriptSha256;
  if (fx.spec.scriptPath === undefined || want === undefined) return undefined;
  const got = sha256(fx.script);
  return got === want ? undefined : `${fx.scriptPath} has sha256 ${got}, recorded with ${want}: re-record`;
}
