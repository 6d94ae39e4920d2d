// Where this machine's dynamic loader finds the libraries the CLI test cases name (the
// distribution decides: /lib/x86_64-linux-gnu on Debian, /usr/lib64 elsewhere). The oracle
// recordings say {LIBC} and {LIBPTHREAD} for them; record-oracle.mjs and the tests
// substitute these paths, read from the loader cache (`ldconfig -p`) at run time.
import { execFileSync } from 'node:child_process';

const ABI = { x64: 'x86-64', arm64: 'AArch64' }[process.arch] ?? process.arch;

/** {placeholder: path} for this machine; a library the cache lacks is left out. */
export function loaderPaths() {
  let cache = '';
  try { cache = execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }); } catch { /* no ldconfig */ }
  const find = (soname) => new RegExp(`^\\s*${soname.replace(/\./g, '\\.')} \\([^)]*${ABI}[^)]*\\) => (\\S+)$`, 'm').exec(cache)?.[1];
  const out = {};
  for (const [key, soname] of [['{LIBC}', 'libc.so.6'], ['{LIBPTHREAD}', 'libpthread.so.0']]) {
    const path = find(soname);
    if (path) out[key] = path;
  }
  return out;
}

/** `text` with each placeholder replaced by its path (`toPlaceholders`: the other way round). */
export function withPaths(text, paths, toPlaceholders = false) {
  let s = text;
  for (const [key, path] of Object.entries(paths)) s = toPlaceholders ? s.split(path).join(key) : s.split(key).join(path);
  return s;
}
