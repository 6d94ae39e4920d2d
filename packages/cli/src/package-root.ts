// The cli package's root directory, found from this module's URL. Modules run from
// src/, dist/ or the bundle in dist/bundle/, so walk up to our package.json.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'bpftrace-ts') return (cached = dir);
      } catch { /* not ours; keep looking */ }
    }
    const up = dirname(dir);
    if (up === dir) return (cached = dirname(fileURLToPath(import.meta.url)));
    dir = up;
  }
}
