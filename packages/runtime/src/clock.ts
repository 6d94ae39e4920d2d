// The wall-clock time at boot, for strftime(): bpftrace 0.17 takes
// CLOCK_REALTIME - CLOCK_BOOTTIME once, from the closest of a few
// realtime/boottime/realtime readings, and adds a timestamp's nsecs to it.
// (The kernel side stores bpf_ktime_get_ns(), which equals CLOCK_BOOTTIME
// unless the machine was suspended; bpftrace 0.17 makes the same assumption.)
import koffi from 'koffi';

const CLOCK_REALTIME = 0;
const CLOCK_BOOTTIME = 7;

let gettime: ((clk: number) => bigint) | undefined;
let cached: bigint | undefined | null = null;

function clockGettime(): (clk: number) => bigint {
  if (gettime) return gettime;
  const libc = koffi.load('libc.so.6');
  const timespec = koffi.struct('bpftrace_ts_timespec', { tv_sec: 'int64', tv_nsec: 'int64' });
  const fn = libc.func('int clock_gettime(int clk, _Out_ bpftrace_ts_timespec *ts)');
  void timespec;
  gettime = (clk) => {
    const ts = { tv_sec: 0, tv_nsec: 0 };
    if (fn(clk, ts) !== 0) throw new Error('clock_gettime failed');
    return BigInt(ts.tv_sec) * 1_000_000_000n + BigInt(ts.tv_nsec);
  };
  return gettime;
}

/** CLOCK_REALTIME - CLOCK_BOOTTIME in ns, computed once; undefined if the clocks can't be read. */
export function bootTimeNs(): bigint | undefined {
  if (cached !== null) return cached;
  try {
    const get = clockGettime();
    let best: { delta: bigint; value: bigint } | undefined;
    for (let i = 0; i < 5; i++) {
      const before = get(CLOCK_REALTIME);
      const boot = get(CLOCK_BOOTTIME);
      const after = get(CLOCK_REALTIME);
      const delta = after - before;
      if (!best || delta < best.delta) best = { delta, value: before + delta / 2n - boot };
    }
    cached = best?.value;
  } catch {
    cached = undefined;
  }
  return cached;
}
