// One bpftrace run: load, attach, BEGIN, (-c child), events until exit / child
// exit / signal, END, final map dump, and teardown. Failures come back as values
// and nothing stays attached, whatever happens.
import { trampolinePreflight } from './trampoline-probes.js';
import type { Manifest } from '@bpftrace-ts/artifact';
import { BpfObject, RingBufReader, destroyAll, destroyAllAsync, BpfError, type BpfErrorKind } from '@bpftrace-ts/libbpf-ts';
import { attachAll, countProbes, type Attached } from './attach.js';
import { loadError } from './attach-errors.js';
import { runOnce } from './begin-end.js';
import { spawnPaused, type PausedChild } from './child.js';
import { handleRecord, type EventContext } from './events.js';
import { EventPump } from './pump.js';
import { StopControl } from './stop.js';
import { LostEvents, renderLostEvents, renderLostMessage } from './lost-events.js';
import { createRenderer, type OutputFormat, type Renderer } from './renderer.js';
import { EXIT_SEPARATOR } from './output/index.js';
import { hostResolversWith, type UserSymbolOptions } from './resolvers.js';
import { preflight } from './preflight.js';
import { stackResolver } from './stack-resolver.js';
import { rememberUserPids } from './user-pids.js';
import { FunctionWatchpoints } from './watchpoints.js';

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
  /** User addresses: symbolised (default) and C++ names demangled (default). */
  userSymbols?: UserSymbolOptions;
  /** Standard output of the session (events, maps, the "Attaching" line). */
  write(text: string): void;
  /** The terminal, when `write` goes elsewhere (-o FILE): bpftrace prints the separator before the exit maps there. Defaults to `write`. */
  writeConsole?(text: string): void;
  /** Error lines ("ERROR: ...\n"); defaults to process.stderr. */
  writeError?(text: string): void;
  format: OutputFormat;
  /** BPFTRACE_CAT_BYTES_MAX: the most bytes of a file cat() prints (default 10240, as bpftrace 0.17). */
  catBytesMax?: number;
  /** -c: command and arguments, started once every probe is attached. */
  childCommand?: string[];
  /** -p: uprobes, USDT probes and watchpoints fire only in this process (as in the -c child). */
  pid?: number;
  /** stdio of the -c child (default 'inherit'). */
  childStdio?: 'inherit' | 'ignore' | 'pipe';
  /** Called once everything is attached (BEGIN has run: it runs first), with the probe count. */
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
  kind?: BpfErrorKind;
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

/** bpftrace 0.17's default BPFTRACE_CAT_BYTES_MAX (10k). */
export const DEFAULT_CAT_BYTES_MAX = 10240;

/** How long BEGIN's records may take before the -c child starts (a flood must not hold it back). */
const BEGIN_DRAIN_MS = 200;
/** After a stop: how long the ring's remaining records, END's commands, may take. */
const STOP_GRACE_MS = 800;

/** Like runSession, but returns the error as a value instead of writing it. */
export async function runSessionDetailed(opts: SessionOptions): Promise<SessionResult> {
  const pre = preflight();
  if (pre) return { exitCode: 1, error: { message: pre }, probes: 0 };

  // Listen first: a signal while loading or attaching is a stop like any other.
  const stop = new StopControl({ handleSignals: opts.handleSignals, signal: opts.signal });
  const resolvers = hostResolversWith(opts.userSymbols ?? {});
  let renderer: Renderer = opts.renderer ?? createRenderer(resolvers);
  let obj: BpfObject | undefined;
  let reader: RingBufReader | undefined;
  let attached: Attached | undefined;
  let child: PausedChild | undefined;
  let watchpoints: FunctionWatchpoints | undefined;
  const probes = countProbes(opts.manifest);
  try {
    obj = BpfObject.open(opts.object, 'bpftrace');
    // fentry/fexit/iter programs would fail in the verifier with a long log: say why in one line.
    const noTracing = trampolinePreflight(opts.manifest);
    if (noTracing) throw new BpfError(noTracing, 95, undefined, 'not-supported');
    try {
      obj.load();
    } catch (e) {
      throw loadError(e);
    }
    // Stacks are looked up in the object's stack-trace maps, so that resolver needs it.
    if (!opts.renderer) renderer = createRenderer({ ...resolvers, stack: stackResolver(obj, opts.manifest, opts.userSymbols) });
    if (opts.childCommand?.length) {
      child = spawnPaused(opts.childCommand, opts.childStdio);
      opts.onChildSpawned?.(child.pid);
      setChildPid(obj, opts.manifest, child.pid);
      // Its shell loaded before anything attaches: only the command itself is traced.
      await child.ready;
    }

    const loaded = obj;
    const writeError = opts.writeError ?? ((s: string) => process.stderr.write(s));
    // Watchpoints on function arguments are attached as their functions run (watchpoints.ts).
    if (opts.manifest.watchpoints?.length) {
      watchpoints = new FunctionWatchpoints(opts.manifest.watchpoints, {
        program: (name) => loaded.program(name), pid: child?.pid ?? opts.pid,
        message: (t) => opts.write(renderLostMessage(t, opts.format)),
      });
    }
    const ctx: EventContext = {
      manifest: opts.manifest, object: obj, renderer, format: opts.format, write: opts.write,
      warn: (t) => writeError(`WARNING: ${t}\n`),
      error: (t) => writeError(`ERROR: ${t}\n`),
      catBytesMax: opts.catBytesMax ?? DEFAULT_CAT_BYTES_MAX,
      abort: stop.stopping, watchpoints,
    };
    const lost = new LostEvents(opts.manifest.lostEventsMap ? obj.map(opts.manifest.lostEventsMap) : undefined);
    const reportLost = () => { const n = lost.takeNew(); if (n > 0) opts.write(renderLostEvents(n, opts.format)); };
    const ringMap = obj.map(opts.manifest.ringbuf);
    if (ringMap) reader = new RingBufReader(ringMap.fd);
    const pump = reader && new EventPump(reader, (rec) => handleRecord(ctx, rec), reportLost);

    if (!opts.quiet) opts.write(renderer.attached(probes, opts.format));
    // With -c (or -p), uprobes, USDT probes and watchpoints fire only in that process, as in bpftrace.
    // BEGIN runs before the other probes attach, as in bpftrace 0.17.
    attached = attachAll(obj, opts.manifest, { pid: child?.pid ?? opts.pid, warn: ctx.warn, beforeAttach: (begin) => begin.forEach(runOnce) });
    opts.onAttached?.(probes);

    // The event loop ends on exit(), the -c child's exit, or a stop request.
    const loopEnd = new AbortController();
    let stoppedBy: SessionResult['stoppedBy'];
    const end = (why: NonNullable<SessionResult['stoppedBy']>) => { stoppedBy ??= why; loopEnd.abort(); };
    const onStop = () => end(stop.requested === 'abort' ? 'abort' : 'signal');
    if (stop.stopping.aborted) onStop();
    else stop.stopping.addEventListener('abort', onStop, { once: true });
    // Keep the process alive while waiting, even when nothing else holds the loop (no child, no events).
    const keepAlive = setInterval(() => {}, 1 << 30);
    try {
      // BEGIN's own records first: an exit() there ends the run before the child starts.
      if (pump && (await pump.drain(loopEnd.signal, BEGIN_DRAIN_MS)) === 'exit') end('exit');
      if (!loopEnd.signal.aborted) {
        child?.release();
        child?.exited.then(() => end('child'));
        if (pump) { if ((await pump.run(loopEnd.signal)) === 'exit') end('exit'); }
        else await new Promise((r) => loopEnd.signal.addEventListener('abort', r, { once: true }));
      }
    } finally {
      clearInterval(keepAlive);
      stop.stopping.removeEventListener('abort', onStop);
    }

    // Read traced processes' /proc/PID/maps while they still live (detaching may outlast them).
    rememberUserPids(obj, opts.manifest, child ? [child.pid] : []);
    // Detach before draining and END, so the ring holds a finite rest of the run.
    await destroyAllAsync([...attached.links, ...(watchpoints?.close() ?? [])]);
    if (stop.hurry.aborted) return { exitCode: FORCED_EXIT, probes, stoppedBy };

    // From a stop request on, what is left (the ring's rest, END's commands) gets a bounded
    // time; after exit() or the child's exit, all it needs unless a signal comes.
    if (pump) {
      if (stoppedBy === 'exit') {
        // Records after an exit() are dropped, as bpftrace drops them.
        pump.discard(STOP_GRACE_MS);
      } else {
        // The rest belongs to the run, but END's output must not wait behind a flood's:
        // what half the grace period cannot deliver is reported as lost.
        const cut = AbortSignal.any([stop.hurry, graceAfter(stop.stopping, STOP_GRACE_MS / 2)]);
        ctx.abort = cut;
        await pump.drain(cut, Infinity);
        const dropped = pump.discard(STOP_GRACE_MS / 4);
        reportLost();
        if (dropped > 0) opts.write(renderLostEvents(dropped, opts.format));
      }
    }
    // END's commands are cut short after the grace period; its other output always prints.
    ctx.abort = AbortSignal.any([stop.hurry, graceAfter(stop.stopping, STOP_GRACE_MS)]);
    for (const p of attached.end) runOnce(p);
    if (pump) await pump.drain(stop.hurry, Infinity);
    reportLost();
    if (stop.hurry.aborted) return { exitCode: FORCED_EXIT, probes, stoppedBy };

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
    stop.dispose();
    if (attached) destroyAll(attached.links);
    if (watchpoints) destroyAll(watchpoints.close());
    reader?.close();
    obj?.close();
    child?.kill();
  }
}

/** Exit code of a run ended by a second signal: detached, nothing more printed (128 + SIGINT, as a shell reports it). */
export const FORCED_EXIT = 130;

/** A signal that fires `ms` after `start` does. */
function graceAfter(start: AbortSignal, ms: number): AbortSignal {
  const c = new AbortController();
  const arm = () => { setTimeout(() => c.abort(), ms).unref(); };
  if (start.aborted) arm();
  else start.addEventListener('abort', arm, { once: true });
  return c.signal;
}

function toSessionError(e: unknown): SessionError {
  if (e instanceof BpfError) return { message: e.message, log: e.log || undefined, errno: e.errno, kind: e.kind };
  return { message: e instanceof Error ? e.message : String(e) };
}
