// strftime, cgroup_path/cgroupid and macaddr in the kernel through the real pipeline,
// compared with bpftrace 0.17's recordings (fixtures/record-userspace.sh). What depends on
// the machine is computed here: cgroup paths with find(1) over the cgroup mounts (their
// inode numbers and layout: v2 only or hybrid), dates and times from the clock, in TZ.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '@bpftrace-ts/codegen';
import { checkScript, kernel } from './live-kernel.js';
import { resolveCgroupId, runSessionDetailed } from '../src/index.js';
import { kernelSnapshot, skipReason, warnSkip } from './helpers.js';
import { localCalendar, normalise } from './normalise.mjs';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const mounts = (() => { try { return readFileSync('/proc/mounts', 'utf8'); } catch { return ''; } })();
/** Cgroup hierarchies as bpftrace names them: v2 "unified", v1 by their mount directory. */
const hierarchies = [...mounts.matchAll(/^(cgroup2?) (\S+)/gm)].map((m) => ({ name: m[1] === 'cgroup2' ? 'unified' : basename(m[2]!), path: m[2]! }));
const v2 = hierarchies.find((h) => h.name === 'unified')?.path;
const noV2 = v2 ? undefined : 'no cgroup v2 hierarchy is mounted';
warnSkip('strftime/cgroup/macaddr tests');
if (!skipReason && noV2) console.warn(`\n!!! SKIPPED strftime/cgroup/macaddr tests: ${noV2} !!!\n`);

/** cgroup_path(id, filter) by find(1): the first entry with inode `id` in each matching hierarchy. */
function cgroupPathByFind(id: bigint, filter: string): string {
  const match = new RegExp(`^${filter.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return hierarchies.filter((h) => match.test(h.name))
    .map((h) => {
      const hit = execFileSync('find', [h.path, '-inum', String(id), '-print', '-quit'], { encoding: 'utf8' }).trim();
      return { name: h.name, path: hit === '' ? '' : hit.slice(h.path.length) || '/' };
    })
    .filter((h) => h.path !== '')
    .sort((a, b) => (a.name === 'unified' ? -1 : b.name === 'unified' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((h) => `${h.name}:${h.path}`).join(',');
}

describe.skipIf(!!skipReason || !!noV2)('strftime, cgroup_path, macaddr (in the kernel)', () => {
  for (const format of ['text', 'json'] as const) {
    it(`prints as bpftrace 0.17 (${format})`, async () => {
      // A cgroup of this run's own (another checkout may be testing meanwhile).
      const dir = `${v2}/bt_test_${process.pid}`;
      mkdirSync(dir, { recursive: true });
      try {
        const script = `BEGIN { printf("[%s]\\n", cgroup_path(cgroupid("${dir}"))); printf("[%s]\\n", cgroup_path(1, "mem*")); printf("[%s]\\n", cgroup_path(12345)); printf("%s\\n", macaddr(kptr(0))); printf("%s|%s\\n", strftime("%Y-%m-%d %H:%M:%S.%f", nsecs), strftime("%A %B %j %%", nsecs)); @c = cgroup_path(cgroup, "unified"); @t[strftime("%Y", nsecs)] = 1; exit(); }`;
        const { object, manifest, diagnostics } = compile(checkScript(script), { kernel, cgroupId: resolveCgroupId });
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const snap = kernelSnapshot();
        let out = '';
        const r = await runSessionDetailed({ object: object!, manifest: manifest!, format, write: (t) => { out += t; }, writeError: () => {} });
        expect(r.exitCode).toBe(0);
        expect(snap.leaked(manifest!.programs.map((p) => p.name.slice(0, 15)))).toEqual({ progs: [], links: [] });

        const ownCgroup = /^0::(\S+)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1] ?? '/';
        const paths = [
          cgroupPathByFind(statSync(dir, { bigint: true }).ino, '*'),
          cgroupPathByFind(1n, 'mem*'),
          cgroupPathByFind(12345n, '*'),
          cgroupPathByFind(statSync(`${v2}${ownCgroup}`, { bigint: true }).ino, 'unified'),
        ];
        expect(paths[0]).toMatch(new RegExp(`^unified:/bt_test_${process.pid}(,|$)`));
        const expected = paths.reduce((s, p, i) => s.split(`{CGROUP_PATH_${i + 1}}`).join(p),
          readFileSync(here(`fixtures/userspace${format === 'json' ? '.json' : ''}.expected`), 'utf8'));
        expect(normalise(out)).toBe(expected);

        // The masked date and time: the wall clock's, in this TZ, to within a few seconds.
        const [, date, time, weekday, month, yday] = /(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\.\d{6}\|(\w+) (\w+) (\d{3}) %/.exec(out)!;
        const shown = new Date(`${date}T${time}`);
        expect(Math.abs(shown.getTime() - Date.now())).toBeLessThan(5000);
        const cal = localCalendar(shown);
        expect({ date, time, weekday, month, yday }).toEqual({ date: cal.date, time: cal.time, weekday: cal.weekday, month: cal.month, yday: cal.yday });
        expect(out).toContain(format === 'text' ? `@t[${date!.slice(0, 4)}]: 1` : `{"@t": {"${date!.slice(0, 4)}": 1}}`);
      } finally {
        rmdirSync(dir);
      }
    });
  }
});
