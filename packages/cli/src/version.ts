// Version strings, read from package.json at run time so there is one source of truth.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** The bpftrace release whose language, output and messages we follow. */
export const BPFTRACE_COMPAT = '0.17.0';

export const PROJECT_URL = 'https://github.com/bpftrace/bpftrace';

let cached: string | undefined;

export function cliVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
    cached = pkg.version ?? '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
}

export function versionText(): string {
  return `bpftrace-ts v${cliVersion()}\ncompatible with bpftrace v${BPFTRACE_COMPAT} (language, output and messages)\n`;
}
