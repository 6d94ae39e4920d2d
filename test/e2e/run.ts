// Running a tracer (or anything) as a child process with a deadline.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

export interface RunOptions {
  cwd: string;
  timeoutMs: number;
  /** File fed to the child's stdin; /dev/null otherwise. */
  stdinFile?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  /** Also the child's session id: it is started as a session leader. */
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  timedOut: boolean;
}

/** Grace period between SIGINT (tracers print their maps on it) and SIGKILL. */
const KILL_GRACE_MS = 3000;

export function runCommand(command: string, args: string[], opts: RunOptions): Promise<RunResult> {
  const stdinFd = openSync(opts.stdinFile ?? '/dev/null', 'r');
  const started = Date.now();
  // stdout and stderr are pipes, so child.stdout and child.stderr are set.
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: [stdinFd, 'pipe', 'pipe'],
    // Own session (setsid): the leak check tells the run's processes from others' by it.
    detached: true,
  });
  closeSync(stdinFd);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout!.on('data', (b: Buffer) => out.push(b));
  child.stderr!.on('data', (b: Buffer) => err.push(b));
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const deadline = setTimeout(() => {
    timedOut = true;
    child.kill('SIGINT');
    killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
  }, opts.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      resolve({
        pid: child.pid ?? -1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
        signal,
        durationMs: Date.now() - started,
        timedOut,
      });
    });
  });
}

/** Alive and not a zombie (an orphan may linger as one until init reaps it). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
