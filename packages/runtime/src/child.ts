// The -c command: started paused so that its pid is known before it runs, and
// released once every probe is attached so it is traced from its first
// instruction (like bpftrace's fork + wait-on-pipe + exec).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BpfError } from '@bpftrace-ts/libbpf-ts';

export interface PausedChild {
  pid: number;
  /**
   * Resolves once the child waits at the gate, its shell loaded: what the shell's own start
   * (the dynamic loader's opens) does is then done before the probes attach, so only the
   * command is traced. Also resolves if it exits first.
   */
  ready: Promise<void>;
  /** Let it exec the command. */
  release(): void;
  /** Resolves with the exit code (or 128+signal) once it exits. */
  exited: Promise<number>;
  kill(): void;
}

/** Resolve a command like execvp would; undefined when not found or not executable. */
export function resolveCommand(cmd: string): string | undefined {
  const ok = (p: string) => { try { accessSync(p, constants.X_OK); return true; } catch { return false; } };
  if (cmd.includes('/')) return ok(cmd) ? cmd : undefined;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const p = join(dir || '.', cmd);
    if (ok(p)) return p;
  }
  return undefined;
}

export function spawnPaused(argv: string[], stdio: 'inherit' | 'ignore' | 'pipe' = 'inherit'): PausedChild {
  const path = argv[0] !== undefined ? resolveCommand(argv[0]) : undefined;
  if (!path) throw new BpfError(`Failed to fork child: path '${argv[0] ?? ''}' does not exist or is not executable`, 2);
  // sh says it is up (a byte on fd 4, builtins only from there on), waits for one byte on
  // fd 3, closes both, then replaces itself with the command (same pid).
  const script = 'printf x >&4; exec 4>&-; read -r _ <&3; exec 3<&-; exec "$0" "$@"';
  const child: ChildProcess = spawn('/bin/sh', ['-c', script, path, ...argv.slice(1)], {
    stdio: [stdio, stdio, stdio, 'pipe', 'pipe'],
    argv0: argv[0],
  });
  const gate = child.stdio[3] as NodeJS.WritableStream;
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? signalNumber(signal) : 0)));
    child.on('error', () => resolve(127));
  });
  const up = child.stdio[4] as NodeJS.ReadableStream;
  const ready = new Promise<void>((resolve) => {
    up.once('data', () => resolve());
    up.once('end', () => resolve());
    up.once('error', () => resolve());
    void exited.then(() => resolve());
  });
  return {
    pid: child.pid!,
    ready,
    release: () => gate.end('\n'),
    exited,
    kill: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); },
  };
}

function signalNumber(sig: string): number {
  const table: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 };
  return table[sig] ?? 0;
}
