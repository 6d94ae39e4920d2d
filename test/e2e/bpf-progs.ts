// Leak check: BPF programs a run left loaded.
// Our programs' names are not known in advance, and others may be tracing on
// the same machine meanwhile, so a bare count of `bpftool prog show` entries
// is not enough. A program counts as leaked by a run if it appeared during the
// run and is still there after a grace period (detaching and freeing are
// asynchronous), and either no process holds it (pinned, or otherwise kept by
// the kernel) or a process of the run's session holds it (the tracer is
// started in its own session, so its children stay in it).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProgInfo {
  id: number;
  name?: string;
  type?: string;
}

export function loadedPrograms(): ProgInfo[] {
  const json = execFileSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8' });
  return JSON.parse(json) as ProgInfo[];
}

/** Program id -> pids holding it through a program or link fd (from /proc/PID/fdinfo). */
export function programHolders(): Map<number, number[]> {
  const holders = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // the process is gone
    }
    for (const fd of fds) {
      try {
        // anon_inode:bpf-prog, or anon_inode:bpf_link (a link's fdinfo names its program too).
        if (!readlinkSync(`/proc/${entry}/fd/${fd}`).startsWith('anon_inode:bpf')) continue;
        const m = /^prog_id:\s*(\d+)$/m.exec(readFileSync(`/proc/${entry}/fdinfo/${fd}`, 'utf8'));
        if (!m) continue;
        const id = Number(m[1]);
        holders.set(id, [...(holders.get(id) ?? []), Number(entry)]);
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return holders;
}

function sessionOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state ppid pgrp session ...
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
  } catch {
    return undefined;
  }
}

/** Programs the run in session `session` left loaded, waiting up to `waitMs` for them to go. */
export async function leakedPrograms(before: ProgInfo[], session: number, waitMs = 5000): Promise<ProgInfo[]> {
  const old = new Set(before.map((p) => p.id));
  const deadline = Date.now() + waitMs;
  for (;;) {
    const fresh = loadedPrograms().filter((p) => !old.has(p.id));
    const holders = fresh.length > 0 ? programHolders() : new Map<number, number[]>();
    const leaked = fresh.filter((p) => {
      const pids = holders.get(p.id) ?? [];
      return pids.length === 0 || pids.some((pid) => sessionOf(pid) === session);
    });
    if (leaked.length === 0 || Date.now() >= deadline) return leaked;
    await sleep(200);
  }
}
