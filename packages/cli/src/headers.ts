// Where `#include`d headers are found, as bpftrace 0.17's clang finds them: `"x.h"` in
// the current directory first, then -I directories, then the system's include
// directories; `<x.h>` in -I directories and the system's. (0.17 also looks in the
// running kernel's source tree, /lib/modules/$(uname -r)/{source,build}/include.)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HeaderOptions, HeaderSource } from '@bpftrace-ts/typecheck';

const SYSTEM_DIRS = ['/usr/local/include', '/usr/include/x86_64-linux-gnu', '/usr/include'];

function kernelDirs(release: string | undefined): string[] {
  if (!release) return [];
  const base = `/lib/modules/${release}`;
  return ['source', 'build'].flatMap((t) => [`${base}/${t}/arch/x86/include`, `${base}/${t}/arch/x86/include/generated`, `${base}/${t}/include`]);
}

function readable(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** A HeaderSource over -I directories (in order) and the system's. */
export function headerSource(includeDirs: readonly string[], cwd = process.cwd(), kernelRelease?: string): HeaderSource {
  const dirs = [...includeDirs.map((d) => resolve(cwd, d)), ...SYSTEM_DIRS, ...kernelDirs(kernelRelease).filter((d) => existsSync(d))];
  return (name, quoted) => {
    if (name.startsWith('/')) { const text = readable(name); return text === undefined ? undefined : { path: name, text }; }
    for (const dir of quoted ? [cwd, ...dirs] : dirs) {
      const path = join(dir, name);
      const text = readable(path);
      if (text !== undefined) return { path, text };
    }
    return undefined;
  };
}

/** What the checker needs for -I DIR, --include FILE and the script's #include lines. */
export function headerOptions(includeDirs: readonly string[], includes: readonly string[], kernelRelease?: string): HeaderOptions {
  return { source: headerSource(includeDirs, process.cwd(), kernelRelease), extra: includes };
}
