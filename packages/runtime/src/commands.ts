// system() and cat() off the JS thread: a command that runs for minutes, or a
// file that never ends (a FIFO), must not keep the session from hearing a
// signal. Both stop early when `abort` fires, with what they had so far.
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';

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

/** Read a whole file; on abort, what was read so far. Errors are values. */
export async function readFileAbortable(path: string, abort?: AbortSignal): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const chunks: Buffer[] = [];
  try {
    for (;;) {
      if (abort?.aborted) break;
      const buf = Buffer.alloc(64 * 1024);
      const read = fh.read(buf, 0, buf.length, null);
      const { bytesRead } = await (abort ? raceAbort(read, abort) : read) ?? { bytesRead: 0 };
      if (bytesRead === 0) break;
      chunks.push(buf.subarray(0, bytesRead));
    }
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  } finally {
    // A read still pending on a FIFO holds a libuv thread until it returns; closing ends our side.
    fh.close().catch(() => {});
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
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
