// cgroupid(path) and cgroup_path(id) on this host, as bpftrace 0.17 resolves them:
// a cgroup's id is its directory's inode number; a path is found by walking each
// cgroup mount (from /proc/mounts; v1 hierarchies named by their mount directory,
// v2 as "unified") in directory order until an entry with that inode turns up.
// bpftrace compares files' inodes too, so a file can match, as it does there.
import { opendirSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  ELOOP: 'Too many levels of symbolic links',
};

/** cgroupid(path): the inode number, or bpftrace's strerror text. For CodegenOptions.cgroupId. */
export function resolveCgroupId(path: string): bigint | { error: string } {
  try {
    return statSync(path, { bigint: true }).ino;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    return { error: ERRNO_TEXT[code] ?? (e as Error).message };
  }
}

export function cgroupRoots(mounts: string): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  for (const line of mounts.split('\n')) {
    const m = /^(cgroup2?) (\S*)/.exec(line);
    if (m) out.push({ name: m[1] === 'cgroup2' ? 'unified' : basename(m[2]!), path: m[2]! });
  }
  return out;
}

/** bpftrace's wildcard match: `*` matches any run of characters, the rest literally. */
export function wildcardMatch(pattern: string, text: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(text);
}

const pathCache = new Map<string, string>();

/** The path below `base` of the entry whose inode is `id` ("/" for base itself), or "". */
function pathInHierarchy(id: bigint, base: string): string {
  const key = `${id} ${base}`;
  const hit = pathCache.get(key);
  if (hit !== undefined && inode(base + (hit === '/' ? '' : hit)) === id) return hit;
  if (inode(base) === id) return remember(key, '/');
  // Pre-order, directory (readdir) order, not following symlinks: std::filesystem's
  // recursive_directory_iterator.
  const walk = (dir: string): string | undefined => {
    let d;
    try { d = opendirSync(dir); } catch { return undefined; }
    try {
      for (let ent = d.readSync(); ent; ent = d.readSync()) {
        const full = `${dir}/${ent.name}`;
        if (inode(full) === id) return full;
        if (ent.isDirectory()) {
          const found = walk(full);
          if (found) return found;
        }
      }
    } finally {
      d.closeSync();
    }
    return undefined;
  };
  const found = walk(base);
  return found ? remember(key, found.slice(base.length)) : '';
}

function remember(key: string, path: string): string {
  pathCache.set(key, path);
  return path;
}

function inode(path: string): bigint | undefined {
  try { return statSync(path, { bigint: true }).ino; } catch { return undefined; }
}

/** cgroup_path(id, filter) text: `name:path` per matching hierarchy holding id, unified first then by name. */
export function cgroupPathText(id: bigint, filter: string, mounts?: string): string {
  let text = mounts;
  if (text === undefined) {
    try { text = readFileSync('/proc/mounts', 'utf8'); } catch { text = ''; }
  }
  const found = cgroupRoots(text)
    .filter((r) => wildcardMatch(filter, r.name))
    .map((r) => ({ name: r.name, path: pathInHierarchy(id, r.path) }))
    .sort((a, b) => (a.name === b.name ? 0 : a.name === 'unified' ? -1 : b.name === 'unified' ? 1 : a.name < b.name ? -1 : 1));
  return found.filter((r) => r.path !== '').map((r) => `${r.name}:${r.path}`).join(',');
}
