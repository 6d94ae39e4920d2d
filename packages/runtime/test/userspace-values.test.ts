// strftime, cgroup_path/cgroupid and macaddr in the kernel through the real pipeline,
// compared with bpftrace 0.17's recordings (fixtures/record-userspace.sh). Times
// differ between runs: digits on the strftime line compare as shapes.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '@bpftrace-ts/codegen';
import { checkScript, kernel } from '../../codegen/test/fixture.js';
import { resolveCgroupId, runSessionDetailed } from '../src/index.js';
import { skipReason, warnSkip } from './helpers.js';

warnSkip('strftime/cgroup/macaddr tests');

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const SCRIPT = 'BEGIN { printf("[%s]\\n", cgroup_path(cgroupid("/sys/fs/cgroup/unified/bt_test"))); printf("[%s]\\n", cgroup_path(1, "mem*")); printf("[%s]\\n", cgroup_path(12345)); printf("%s\\n", macaddr(kptr(0))); printf("%s|%s\\n", strftime("%Y-%m-%d %H:%M:%S.%f", nsecs), strftime("%A %B %j %%", nsecs)); @c = cgroup_path(cgroup, "unified"); @t[strftime("%Y", nsecs)] = 1; exit(); }';
const unified = (() => { try { return readFileSync('/proc/mounts', 'utf8').includes(' /sys/fs/cgroup/unified cgroup2 '); } catch { return false; } })();
const clock = (s: string) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/g, 'TIME');

describe.skipIf(!!skipReason || !unified)('strftime, cgroup_path, macaddr (in the kernel)', () => {
  for (const format of ['text', 'json'] as const) {
    it(`prints as bpftrace 0.17 (${format})`, async () => {
      mkdirSync('/sys/fs/cgroup/unified/bt_test', { recursive: true });
      const { object, manifest, diagnostics } = compile(checkScript(SCRIPT), { kernel, cgroupId: resolveCgroupId });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      let out = '';
      const r = await runSessionDetailed({ object: object!, manifest: manifest!, format, write: (t) => { out += t; }, writeError: () => {} });
      expect(r.exitCode).toBe(0);
      const expected = readFileSync(here(`fixtures/userspace${format === 'json' ? '.json' : ''}.expected`), 'utf8');
      expect(clock(out)).toBe(clock(expected));
      // The wall clock agrees with this process's to within a few seconds.
      const shown = /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.\d{6}/.exec(out)![1]!;
      expect(Math.abs(new Date(shown.replace(' ', 'T')).getTime() - Date.now())).toBeLessThan(5000);
    });
  }
});
