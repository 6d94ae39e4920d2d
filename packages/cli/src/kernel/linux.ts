// The Linux side of KernelInfo: reads tracefs, /sys/kernel/btf/vmlinux and /proc lazily, so
// a script that names one tracepoint reads one format file, and BTF (5-6 MB) is only read
// when a script needs a struct, enum, typedef or function.

import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { fileDwarfTypes } from '@bpftrace-ts/runtime';
import { resolveTarget } from '../targets.js';
import { createKernelInfo, parseBtf, type Btf, type KernelFeatures, type KernelInfo, type KernelInfoSources } from '@bpftrace-ts/typecheck';

export interface LinuxKernelOptions {
  /** Where tracefs is (default: /sys/kernel/tracing, else /sys/kernel/debug/tracing). */
  tracefs?: string;
  /** The BTF blob to use (default /sys/kernel/btf/vmlinux). */
  btfPath?: string;
  /** Overrides for detected features. */
  features?: Partial<KernelFeatures>;
  /** Try `mount -t tracefs` when tracefs is empty (default true). */
  mount?: boolean;
  /** -p: uprobe targets are looked up as that process sees them (its libraries, its mount namespace). */
  pid?: number;
}

const TRACEFS_CANDIDATES = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];

/** The directory tracefs is mounted at, mounting it if needed and allowed; undefined if none. */
export function findTracefs(options: LinuxKernelOptions = {}): string | undefined {
  const candidates = options.tracefs ? [options.tracefs] : TRACEFS_CANDIDATES;
  for (const dir of candidates) if (existsSync(`${dir}/events`)) return dir;
  if (options.mount === false) return undefined;
  const dir = candidates[0]!;
  try {
    execFileSync('mount', ['-t', 'tracefs', 'nodev', dir], { stdio: 'ignore' });
  } catch { return undefined; } // not root, or no tracefs: no tracepoints
  return existsSync(`${dir}/events`) ? dir : undefined;
}

function readText(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; }
}

function listDirs(path: string): string[] {
  try { return readdirSync(path, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name); } catch { return []; }
}

/** "cat:event" for every tracepoint: available_events, else the events/ tree. */
function listTracepoints(tracefs: string | undefined): string[] {
  if (!tracefs) return [];
  const listed = readText(`${tracefs}/available_events`);
  if (listed !== undefined) return listed.split('\n').filter(Boolean);
  const out: string[] = [];
  for (const cat of listDirs(`${tracefs}/events`)) for (const ev of listDirs(`${tracefs}/events/${cat}`)) out.push(`${cat}:${ev}`);
  return out;
}

/** [major, minor] of a release string like "6.18.44-fc". */
export function kernelVersion(rel: string): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(rel);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

function atLeast(rel: string, major: number, minor: number): boolean {
  const [a, b] = kernelVersion(rel);
  return a > major || (a === major && b >= minor);
}

/** Kernel config (/proc/config.gz), when the kernel exposes it. */
function kernelConfig(): Map<string, string> | undefined {
  try {
    const text = gunzipSync(readFileSync('/proc/config.gz')).toString('utf8');
    const map = new Map<string, string>();
    for (const m of text.matchAll(/^(CONFIG_\w+)=(.*)$/gm)) map.set(m[1]!, m[2]!);
    return map;
  } catch { return undefined; }
}

function canOpen(path: string): boolean {
  try { closeSync(openSync(path, 'r')); return true; } catch { return false; }
}

/**
 * Feature detection without the bpf() syscall (that is the runtime's job): probe types from
 * tracefs control files and kernel config, map and helper features from the version.
 */
export function detectFeatures(tracefs: string | undefined, rel: string): KernelFeatures {
  const config = kernelConfig();
  const kprobes = (tracefs !== undefined && existsSync(`${tracefs}/kprobe_events`)) || config?.get('CONFIG_KPROBES') === 'y';
  const uprobes = (tracefs !== undefined && existsSync(`${tracefs}/uprobe_events`)) || config?.get('CONFIG_UPROBES') === 'y';
  // fentry needs BTF and ftrace direct calls, and attaches where ftrace can: when the
  // ftrace function list is unreadable (EPERM in locked-down VMs) trampolines fail too.
  const fentry = existsSync('/sys/kernel/btf/vmlinux') && atLeast(rel, 5, 5) &&
    config?.get('CONFIG_DYNAMIC_FTRACE_WITH_DIRECT_CALLS') !== undefined &&
    tracefs !== undefined && canOpen(`${tracefs}/available_filter_functions`);
  return { kprobes, fentry, uprobes, ringbuf: atLeast(rel, 5, 8), attachCookie: atLeast(rel, 5, 15) };
}

/** Kernel function names: available_filter_functions (what kprobes can attach to), else /proc/kallsyms text symbols. */
function kernelFunctions(tracefs: string | undefined): string[] {
  const filter = tracefs && readText(`${tracefs}/available_filter_functions`);
  const names = new Set<string>();
  if (filter) {
    for (const line of filter.split('\n')) { const name = line.split(/\s/)[0]; if (name) names.add(name); }
    return [...names];
  }
  for (const line of (readText('/proc/kallsyms') ?? '').split('\n')) {
    const [, type, name, mod] = line.split(/\s+/);
    if ((type === 't' || type === 'T') && name && !mod) names.add(name);
  }
  return [...names];
}

/** The sources behind linuxKernelInfo, also what writeProfile takes to snapshot this kernel. */
export function linuxKernelSources(options: LinuxKernelOptions = {}): KernelInfoSources {
  const rel = readText('/proc/sys/kernel/osrelease')?.trim() ?? release();
  let tracefs: string | undefined | null = null; // null: not looked for yet
  const getTracefs = () => (tracefs === null ? (tracefs = findTracefs(options)) : tracefs);
  let features: KernelFeatures | undefined;
  const sources: KernelInfoSources = {
    kernelRelease: rel,
    get features() { return (features ??= { ...detectFeatures(getTracefs(), rel), ...options.features }); },
    tracepoints: () => listTracepoints(getTracefs()),
    readFormat: (category, event) => {
      const dir = getTracefs();
      // Names come from scripts: keep them inside events/.
      if (!dir || /[/\0]|^\.\.?$/.test(category) || /[/\0]|^\.\.?$/.test(event)) return undefined;
      return readText(`${dir}/events/${category}/${event}/format`);
    },
    btf: (): Btf | undefined => {
      try { return parseBtf(new Uint8Array(readFileSync(options.btfPath ?? '/sys/kernel/btf/vmlinux'))); } catch { return undefined; }
    },
    kernelFunctions: () => kernelFunctions(getTracefs()),
    // uprobe targets' DWARF, found as the attach will find the file.
    binaryTypes: (target) => {
      const path = resolveTarget(target, options.pid);
      return path === undefined ? undefined : fileDwarfTypes(path);
    },
  };
  return sources;
}

/** A KernelInfo for the running kernel. */
export function linuxKernelInfo(options: LinuxKernelOptions = {}): KernelInfo {
  return createKernelInfo(linuxKernelSources(options));
}
