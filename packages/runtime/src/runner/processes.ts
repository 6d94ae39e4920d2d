// -p: the traced process, watched through /proc.
import { readFileSync } from 'node:fs';

/** What bpftrace 0.17 says when -p names no process (its message, empty prefix and all). */
export const PID_GONE = ': No such process';

/** True while the process runs: a zombie (exited, not yet reaped by its parent) counts as gone, as in bpftrace. */
export function processAlive(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) S ...": the state follows the last ')' (comm may hold parentheses).
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** An AbortSignal that fires when the process is gone (checked every 100 ms: Node has no pidfd). */
export function watchProcess(pid: number): { signal: AbortSignal; stop(): void } {
  const ac = new AbortController();
  const timer = setInterval(() => { if (!processAlive(pid)) { clearInterval(timer); ac.abort(); } }, 100);
  timer.unref();
  return { signal: ac.signal, stop: () => clearInterval(timer) };
}
