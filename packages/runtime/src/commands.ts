// system() and cat() off the JS thread: a command that runs for minutes, or a
// file that never ends (a FIFO), must not keep the session from hearing a
// signal. Both stop early when `abort` fires, with what they had so far.
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';

/**
 * Run `cmd` with /bin/sh, its standard output collected, its standard error
 * the session's. On abort the command's process group is killed.
 */
export function runCommand(cmd: string, abort?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    if (abort?.aborted) return resolve('');
    // Its own process group, so that killing it also ends what the shell started.
    const child = spawn('/bin/sh', ['-c', cmd], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    const kill = () => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ } };
    abort?.addEventListener('abort', kill, { once: true });
    const done = () => {
      abort?.removeEventListener('abort', kill);
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    // 'close' waits for stdout to end, which a backgrounded grandchild can hold open: on abort, finish at once.
    child.on('close', done);
    child.on('error', done);
    abort?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Read a file, at most `maxBytes` of it; on abort, what was read so far. A failure to open
 * or to read gives its errno beside the text read before it (errors are values).
 */
export async function readFileAbortable(path: string, abort?: AbortSignal, maxBytes = Number.MAX_SAFE_INTEGER): Promise<{ text: string; errno?: number }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return { text: '', errno: errnoOf(e) };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let errno: number | undefined;
  try {
    while (total < maxBytes) {
      if (abort?.aborted) break;
      const buf = Buffer.alloc(Math.min(64 * 1024, maxBytes - total));
      const read = fh.read(buf, 0, buf.length, null);
      const { bytesRead } = await (abort ? raceAbort(read, abort) : read) ?? { bytesRead: 0 };
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
      total += bytesRead;
    }
  } catch (e) {
    errno = errnoOf(e);
  } finally {
    // A read still pending on a FIFO holds a libuv thread until it returns; closing ends our side.
    fh.close().catch(() => {});
  }
  return { text: Buffer.concat(chunks).toString('utf8'), errno };
}

/** The positive errno of a failed fs call (EIO when Node gives none we know). */
function errnoOf(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  const n = code === undefined ? undefined : (osConstants.errno as Record<string, number>)[code];
  return n ?? osConstants.errno.EIO;
}

/** `p`, or undefined as soon as `abort` fires. */
function raceAbort<T>(p: Promise<T>, abort: AbortSignal): Promise<T | undefined> {
  if (abort.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    abort.addEventListener('abort', onAbort, { once: true });
    p.then((v) => { abort.removeEventListener('abort', onAbort); resolve(v); },
      (e) => { abort.removeEventListener('abort', onAbort); reject(e); });
  });
}
