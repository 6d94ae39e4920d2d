// Library targets: the ld.so.cache reader against `ldconfig -p`, the /proc/PID/maps
// lookup, and the resolution of `libNAME` (bcc's which_so rules, as bpftrace 0.17).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { libraryInCache, libraryInMaps, parseLdSoCache, resolveLibrary } from '../src/libraries.js';
import { isElfFile, resolveTarget } from '../src/targets.js';

const haveCache = existsSync('/etc/ld.so.cache');
const cacheIt = haveCache ? it : it.skip;

describe('ld.so.cache', () => {
  cacheIt('reads the same entries, in the same order, as ldconfig -p', () => {
    let listed: string;
    try { listed = execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }); } catch { return; }
    const expected = listed.split('\n').slice(1).filter((l) => l.includes('=>'))
      .map((l) => { const m = /^\s*(\S+) \(([^)]*)\)(?: [^=]*)?=> (.*)$/.exec(l)!; return `${m[1]} => ${m[3]}`; });
    const ours = parseLdSoCache(readFileSync('/etc/ld.so.cache')).map((e) => `${e.key} => ${e.path}`);
    expect(ours).toEqual(expected);
  });

  it('takes the first entry of the host ABI whose soname starts with libNAME.so', () => {
    const entries = [
      { key: 'libssl3.so', path: '/l/libssl3.so', flags: 0x0303 },
      { key: 'libssl.so.3', path: '/lib32/libssl.so.3', flags: 0x0003 },
      { key: 'libssl.so.3', path: '/l/libssl.so.3', flags: 0x0303 },
      { key: 'libssl.so', path: '/l/libssl.so', flags: 0x0303 },
    ];
    expect(libraryInCache(entries, 'ssl')).toBe('/l/libssl.so.3');
    expect(libraryInCache(entries, 'crypto')).toBeUndefined();
  });
});

describe('library names', () => {
  it('finds a library mapped into a process (/proc/PID/maps)', () => {
    const maps = [
      '55d0c0000000-55d0c0002000 r--p 00000000 fe:00 1 /usr/bin/sleep',
      '7f0000000000-7f0000001000 r--p 00000000 fe:00 2 /usr/lib/x86_64-linux-gnu/libcap.so.2',
      '7f0000001000-7f0000002000 r-xp 00001000 fe:00 3 /usr/lib/x86_64-linux-gnu/libc.so.6',
      '7ffd00000000-7ffd00001000 rw-p 00000000 00:00 0 [stack]',
    ].join('\n');
    expect(libraryInMaps(maps, 'c')).toBe('/usr/lib/x86_64-linux-gnu/libc.so.6');
    expect(libraryInMaps(maps, 'pthread')).toBeUndefined();
  });

  cacheIt('resolves libc like the loader, keeps paths as written, refuses other forms', () => {
    const libc = resolveLibrary('libc');
    expect(libc).toMatch(/\/libc\.so\.6$/);
    // Only `libNAME`: a soname or a bare NAME is not a library name (bpftrace: "does not exist").
    expect(resolveLibrary('libc.so.6')).toBeUndefined();
    expect(resolveLibrary('c')).toBeUndefined();
    expect(resolveTarget('libc')).toBe(libc);
    expect(resolveTarget('libnosuch')).toBeUndefined();
  });

  it('with a pid, the process\'s own mapping wins', () => {
    const mapped = libraryInMaps(readFileSync('/proc/self/maps', 'utf8'), 'c');
    if (mapped) expect(resolveLibrary('libc', process.pid)).toBe(mapped);
  });

  it('a target must be a readable ELF file, not necessarily executable', () => {
    expect(isElfFile(process.execPath)).toBe(true);
    expect(isElfFile('/etc/passwd')).toBe(false);
    expect(isElfFile('/')).toBe(false);
    expect(isElfFile('/nonexistent/x')).toBe(false);
  });
});
