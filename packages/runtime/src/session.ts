// One bpftrace run: load, attach, BEGIN, (-c child), events until exit / child
// exit / signal, END, final map dump, and teardown. Failures come back as values
// and nothing stays attached, whatever happens.
import { trampolinePreflight } from './link-trampoline.js';
import type { Manifest } from '@bpftrace-ts/codegen';
import { BpfObject } from './object.js';
import { RingBufReader } from './ringbuf.js';
import { attachAll, countProbes, type Attached } from './attach.js';
import { destroyAll, destroyAllAsync } from './link.js';
import { runOnce } from './begin-end.js';
import { spawnPaused, type PausedChild } from './child.js';
import { handleRecord, type EventContext } from './events.js';
import { createRenderer, type OutputFormat, type Renderer } from './renderer.js';
import { EXIT_SEPARATOR } from './output/index.js';
import { hostResolvers } from './resolvers.js';
import { BpfError } from './errors.js';
import { preflight } from './preflight.js';
import { stackResolver } from './stack-resolver.js';
import { rememberUserPids } from './user-pids.js';

/** `cpid`: the child's pid goes into the manifest's cpid map before the child runs. */
function setChildPid(obj: BpfObject, manifest: Manifest, pid: number): void {
  const map = manifest.cpidMap ? obj.map(manifest.cpidMap) : undefined;
  if (!map) return;
  const value = new Uint8Array(8);
  new DataView(value.buffer).setBigUint64(0, BigInt(pid), true);
  map.update(new Uint8Array(4), value);
}

export interface SessionOptions {
  object: Uint8Array;
  manifest: Manifest;
  /** Standard output of the session (events, maps, the "Attaching" line). */
  write(text: string): void;
  /** The terminal, when `write` goes elsewhere (-o FILE): bpftrace prints the separator before the exit maps there. Defaults to `write`. */
  writeConsole?(text: string): void;
  /** Error lines ("ERROR: ...\n"); defaults to process.stderr. */
  writeError?(text: string): void;
  format: OutputFormat;
  /** -c: command and arguments, started once every probe is attached. */
  childCommand?: string[];
  /** stdio of the -c child (default 'inherit'). */
  childStdio?: 'inherit' | 'ignore' | 'pipe';
  /** Called once everything is attached, before BEGIN runs, with the probe count. */
  onAttached?(n: number): void;
  /** Called with the -c child's pid while it is still paused. */
  onChildSpawned?(pid: number): void;
  /** Aborting ends the session like Ctrl-C (END runs, maps are printed). */
  signal?: AbortSignal;
  /** -q: no "Attaching N probes..." line. */
  quiet?: boolean;
  /** Stop on SIGINT/SIGTERM (default true). */
  handleSignals?: boolean;
  /** Defaults to the output package's renderers. */
  renderer?: Renderer;
}

export interface SessionError {
  /** One line, bpftrace style, without "ERROR: ". */
  message: string;
  /** libbpf / verifier log captured around the failure, if any. */
  log?: string;
  errno?: number;
}

export interface SessionResult {
  exitCode: number;
  error?: SessionError;
  /** Probes attached (BEGIN/END included). */
  probes: number;
  /** Why the event loop ended. */
  stoppedBy?: 'exit' | 'child' | 'signal' | 'abort';
}

/** Run a session; errors are written as "ERROR: ..." lines and give exit code 1. */
export async function runSession(opts: SessionOptions): Promise<number> {
  const r = await runSessionDetailed(opts);
  if (r.error) (opts.writeError ?? ((t: string) => process.stderr.write(t)))(`ERROR: ${r.error.message}\n`);
  return r.exitCode;
}

/** Like runSession, but returns the error as a value instead of writing it. */
export async function runSessionDetailed(opts: SessionOptions): Promise<SessionResult> {
  const pre = preflight();
  if (pre) return { exitCode: 1, error: { message: pre }, probes: 0 };

  let renderer: Renderer = opts.renderer ?? createRenderer(hostResolvers);
  let obj: BpfObject | undefined;
  let reader: RingBufReader | undefined;
  let attached: Attached | undefined;
  let child: PausedChild | undefined;
  const probes = countProbes(opts.manifest);
  try {
    obj = BpfObject.open(opts.object);
    // fentry/fexit/iter programs would fail in the verifier with a long log: say why in one line.
    const noTracing = trampolinePreflight(opts.manifest);
    if (noTracing) throw new BpfError(noTracing, 95);
    obj.load();
    // Stacks are looked up in the object's stack-trace maps, so that resolver needs it.
    if (!opts.renderer) renderer = createRenderer({ ...hostResolvers, stack: stackResolver(obj, opts.manifest) });
    if (opts.childCommand?.length) {
      child = spawnPaused(opts.childCommand, opts.childStdio);
      opts.onChildSpawned?.(child.pid);
      setChildPid(obj, opts.manifest, child.pid);
    }

    let exited = false;
    // Set while the event loop runs; the ring buffer handler calls it on exit().
    let stopLoop: ((why: 'exit') => void) | undefined;
    const ctx: EventContext = {
      manifest: opts.manifest, object: obj, renderer, format: opts.format, write: opts.write,
      warn: (t) => (opts.writeError ?? ((s: string) => process.stderr.write(s)))(`WARNING: ${t}\n`),
    };
    const ringMap = obj.map(opts.manifest.ringbuf);
    if (ringMap) {
      reader = new RingBufReader(ringMap.fd, (rec) => {
        if (handleRecord(ctx, rec) === 'exit') {
          exited = true;
          stopLoop?.('exit');
          return false; // bpftrace drops whatever follows an exit()
        }
      });
    }

    if (!opts.quiet) opts.write(renderer.attached(probes, opts.format));
    // With -c, uprobes and USDT probes fire only in the child, as in bpftrace.
    attached = attachAll(obj, opts.manifest, { pid: child?.pid, warn: ctx.warn });
    opts.onAttached?.(probes);

    for (const p of attached.begin) runOnce(p);
    reader?.consume();

    let stoppedBy: SessionResult['stoppedBy'] = exited ? 'exit' : undefined;
    if (!exited) {
      child?.release();
      stoppedBy = await eventLoop(reader, child, opts, (stop) => { stopLoop = stop; });
      stopLoop = undefined;
    }
    // Events still in the ring belong to the run (unless an exit() came first).
    reader?.consume();

    // Read traced processes' /proc/PID/maps while they still live (detaching may outlast them).
    rememberUserPids(obj, opts.manifest, child ? [child.pid] : []);
    // Detach before END so the final dump isn't racing new events.
    await destroyAllAsync(attached.links);
    reader?.resume();
    for (const p of attached.end) runOnce(p);
    reader?.consume();

    const maps = opts.manifest.maps.flatMap((spec) => {
      const map = obj!.map(spec.bpfName);
      return map ? [{ spec, entries: map.entries() }] : [];
    });
    (opts.writeConsole ?? opts.write)(EXIT_SEPARATOR);
    opts.write(renderer.exitMaps(maps, opts.manifest, opts.format));
    return { exitCode: 0, probes, stoppedBy };
  } catch (e) {
    return { exitCode: 1, error: toSessionError(e), probes };
  } finally {
    if (attached) destroyAll(attached.links);
    reader?.close();
    obj?.close();
    child?.kill();
  }
}

function eventLoop(
  reader: RingBufReader | undefined,
  child: PausedChild | undefined,
  opts: SessionOptions,
  setStop: (stop: (why: 'exit') => void) => void,
): Promise<NonNullable<SessionResult['stoppedBy']>> {
  return new Promise((resolve, reject) => {
    const cleanups: (() => void)[] = [];
    let done = false;
    const finish = (why: NonNullable<SessionResult['stoppedBy']>, err?: unknown) => {
      if (done) return;
      done = true;
      for (const c of cleanups) c();
      if (err) reject(err);
      else resolve(why);
    };
    setStop(finish);
    if (reader) reader.watch((e) => finish('exit', e));
    if (child) child.exited.then(() => finish('child'));
    if (opts.handleSignals !== false) {
      const onSig = () => finish('signal');
      process.on('SIGINT', onSig);
      process.on('SIGTERM', onSig);
      cleanups.push(() => { process.off('SIGINT', onSig); process.off('SIGTERM', onSig); });
    }
    if (opts.signal) {
      if (opts.signal.aborted) return finish('abort');
      const onAbort = () => finish('abort');
      opts.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => opts.signal!.removeEventListener('abort', onAbort));
    }
    // Keep the loop alive even when nothing else holds it (no child, an unref'd poll handle).
    const keepAlive = setInterval(() => {}, 1 << 30);
    cleanups.push(() => clearInterval(keepAlive));
  });
}

function toSessionError(e: unknown): SessionError {
  if (e instanceof BpfError) return { message: e.message, log: e.log || undefined, errno: e.errno };
  return { message: e instanceof Error ? e.message : String(e) };
}
