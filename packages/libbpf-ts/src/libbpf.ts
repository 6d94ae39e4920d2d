// koffi declarations of the part of libbpf 1.1 (and libc) the runtime uses.
//
// Loaded lazily on first use so that importing the package (e.g. for the pure
// output renderers) works on machines without libbpf. Struct layouts follow
// /usr/include/bpf/libbpf.h and bpf.h for x86_64/arm64 (LP64); every opts struct
// starts with `size_t sz`, which libbpf uses to tell versions apart. The sizes
// are checked against the C compiler in test/abi.test.ts.
import koffi from 'koffi';

/** An opaque C pointer as koffi 3 returns it (null for NULL). */
export type Ptr = bigint;

export interface LibBpf {
  // Objects and programs
  bpf_object__open_mem(buf: Ptr, size: number, opts: ObjectOpenOpts | null): Ptr | null;
  bpf_object__load(obj: Ptr): number;
  bpf_object__close(obj: Ptr): void;
  bpf_object__next_program(obj: Ptr, prev: Ptr | null): Ptr | null;
  bpf_object__find_program_by_name(obj: Ptr, name: string): Ptr | null;
  bpf_object__next_map(obj: Ptr, prev: Ptr | null): Ptr | null;
  bpf_object__find_map_by_name(obj: Ptr, name: string): Ptr | null;
  bpf_program__name(prog: Ptr): string;
  bpf_program__section_name(prog: Ptr): string;
  bpf_program__fd(prog: Ptr): number;
  bpf_map__name(map: Ptr): string;
  bpf_map__fd(map: Ptr): number;
  bpf_map__type(map: Ptr): number;
  bpf_map__key_size(map: Ptr): number;
  bpf_map__value_size(map: Ptr): number;
  bpf_map__max_entries(map: Ptr): number;
  /** The bytes a global-data map (.data, .rodata, .bss) starts with; writable before load. */
  bpf_map__initial_value(map: Ptr, size: [number]): Ptr | null;
  // BTF (to find a global variable's section and offset)
  bpf_object__btf(obj: Ptr): Ptr | null;
  btf__find_by_name_kind(btf: Ptr, name: string, kind: number): number;
  btf__type_cnt(btf: Ptr): number;
  btf__type_by_id(btf: Ptr, id: number): Ptr | null;
  btf__name_by_offset(btf: Ptr, off: number): string | null;
  // Links
  bpf_program__attach_tracepoint_opts(prog: Ptr, category: string, name: string, opts: { sz: number; bpf_cookie: bigint }): Ptr | null;
  bpf_program__attach_uprobe_opts(prog: Ptr, pid: number, binary: string, funcOffset: number, opts: UprobeOpts): Ptr | null;
  bpf_program__attach_kprobe_opts(prog: Ptr, func: string, opts: KprobeOpts): Ptr | null;
  bpf_program__attach_raw_tracepoint(prog: Ptr, event: string): Ptr | null;
  /** Attach by section (fentry/fexit here: link-trampoline.ts). */
  bpf_program__attach(prog: Ptr): Ptr | null;
  /** 1 if the kernel supports a program type, 0 if not, < 0 on error. */
  libbpf_probe_bpf_prog_type(progType: number, opts: null): number;
  /** 1 if the kernel supports a map type, 0 if not, < 0 on error. */
  libbpf_probe_bpf_map_type(mapType: number, opts: null): number;
  bpf_program__attach_perf_event_opts(prog: Ptr, pfd: number, opts: { sz: number; bpf_cookie: bigint }): Ptr | null;
  bpf_program__attach_usdt(prog: Ptr, pid: number, binary: string, provider: string, name: string, opts: { sz: number; usdt_cookie: bigint }): Ptr | null;
  bpf_link__destroy(link: Ptr): number;
  // Ring buffer
  ring_buffer__new(mapFd: number, cb: Ptr, ctx: Ptr | null, opts: null): Ptr | null;
  ring_buffer__poll(rb: Ptr, timeoutMs: number): number;
  ring_buffer__consume(rb: Ptr): number;
  ring_buffer__epoll_fd(rb: Ptr): number;
  ring_buffer__free(rb: Ptr): void;
  // Perf buffer
  perf_buffer__new(mapFd: number, pageCnt: number, sample: Ptr, lost: Ptr, ctx: Ptr | null, opts: null): Ptr | null;
  perf_buffer__poll(pb: Ptr, timeoutMs: number): number;
  perf_buffer__consume(pb: Ptr): number;
  perf_buffer__epoll_fd(pb: Ptr): number;
  perf_buffer__free(pb: Ptr): void;
  // Low-level map and program syscalls (return -errno)
  bpf_map_lookup_elem(fd: number, key: Uint8Array, value: Uint8Array): number;
  bpf_map_update_elem(fd: number, key: Uint8Array, value: Uint8Array, flags: bigint): number;
  bpf_map_delete_elem(fd: number, key: Uint8Array): number;
  bpf_map_get_next_key(fd: number, key: Uint8Array | null, next: Uint8Array): number;
  bpf_map_lookup_batch(fd: number, inBatch: Uint8Array | null, outBatch: Uint8Array, keys: Uint8Array, values: Uint8Array, count: [number], opts: BatchOpts): number;
  bpf_map_lookup_and_delete_batch(fd: number, inBatch: Uint8Array | null, outBatch: Uint8Array, keys: Uint8Array, values: Uint8Array, count: [number], opts: BatchOpts): number;
  bpf_map_update_batch(fd: number, keys: Uint8Array, values: Uint8Array, count: [number], opts: BatchOpts): number;
  bpf_map_delete_batch(fd: number, keys: Uint8Array, count: [number], opts: BatchOpts): number;
  bpf_prog_test_run_opts(fd: number, opts: TestRunOpts): number;
  // Misc
  libbpf_set_print(fn: Ptr | null): Ptr | null;
  libbpf_num_possible_cpus(): number;
  libbpf_strerror(err: number, buf: Uint8Array, size: number): number;
}

export interface LibC {
  syscall(nr: number, ...typedArgs: unknown[]): number;
  close(fd: number): number;
  vsnprintf(buf: Uint8Array, size: number, fmt: Ptr, ap: Ptr): number;
  ioctl(fd: number, request: number, ...typedArgs: unknown[]): number;
}

export interface ObjectOpenOpts { sz: number; object_name: string | null }
export interface UprobeOpts { sz: number; ref_ctr_offset: number; bpf_cookie: bigint; retprobe: boolean; func_name: string | null }
export interface BatchOpts { sz: number; elem_flags: bigint; flags: bigint }
export interface KprobeOpts { sz: number; bpf_cookie: bigint; offset: number; retprobe: boolean }
export interface TestRunOpts {
  sz: number; data_in: null; data_out: null; data_size_in: number; data_size_out: number;
  ctx_in: Uint8Array | null; ctx_out: null; ctx_size_in: number; ctx_size_out: number;
  retval: number; repeat: number; duration: number; flags: number; cpu: number; batch_size: number;
}

let types: ReturnType<typeof declareTypes> | undefined;

function declareTypes() {
  const bpf_object_open_opts = koffi.struct('bpf_object_open_opts', {
    sz: 'size_t',
    object_name: 'const char *',
    relaxed_maps: 'bool',
    pin_root_path: 'const char *',
    _stub: 'uint32_t',
    kconfig: 'const char *',
    btf_custom_path: 'const char *',
    kernel_log_buf: 'void *',
    kernel_log_size: 'size_t',
    kernel_log_level: 'uint32_t',
  });
  const bpf_tracepoint_opts = koffi.struct('bpf_tracepoint_opts', { sz: 'size_t', bpf_cookie: 'uint64_t' });
  const bpf_perf_event_opts = koffi.struct('bpf_perf_event_opts', { sz: 'size_t', bpf_cookie: 'uint64_t' });
  const bpf_uprobe_opts = koffi.struct('bpf_uprobe_opts', {
    sz: 'size_t', ref_ctr_offset: 'size_t', bpf_cookie: 'uint64_t', retprobe: 'bool', func_name: 'const char *',
  });
  const bpf_map_batch_opts = koffi.struct('bpf_map_batch_opts', { sz: 'size_t', elem_flags: 'uint64_t', flags: 'uint64_t' });
  const bpf_usdt_opts = koffi.struct('bpf_usdt_opts', { sz: 'size_t', usdt_cookie: 'uint64_t' });
  const bpf_kprobe_opts = koffi.struct('bpf_kprobe_opts', {
    sz: 'size_t', bpf_cookie: 'uint64_t', offset: 'size_t', retprobe: 'bool',
  });
  const bpf_test_run_opts = koffi.struct('bpf_test_run_opts', {
    sz: 'size_t', data_in: 'const void *', data_out: 'void *', data_size_in: 'uint32_t', data_size_out: 'uint32_t',
    ctx_in: 'const void *', ctx_out: 'void *', ctx_size_in: 'uint32_t', ctx_size_out: 'uint32_t',
    retval: 'uint32_t', repeat: 'int', duration: 'uint32_t', flags: 'uint32_t', cpu: 'uint32_t', batch_size: 'uint32_t',
  });
  // libbpf passes a va_list; on LP64 ABIs it reaches us as a pointer we hand to vsnprintf.
  const libbpf_print_fn = koffi.proto('int libbpf_print_fn(int level, void *fmt, void *args)');
  const ring_buffer_sample_fn = koffi.proto('int ring_buffer_sample_fn(void *ctx, void *data, size_t size)');
  const perf_buffer_sample_fn = koffi.proto('void perf_buffer_sample_fn(void *ctx, int cpu, void *data, uint32_t size)');
  const perf_buffer_lost_fn = koffi.proto('void perf_buffer_lost_fn(void *ctx, int cpu, uint64_t cnt)');
  return {
    bpf_object_open_opts, bpf_tracepoint_opts, bpf_perf_event_opts, bpf_uprobe_opts, bpf_kprobe_opts,
    bpf_usdt_opts, bpf_test_run_opts, libbpf_print_fn, ring_buffer_sample_fn, bpf_map_batch_opts,
    perf_buffer_sample_fn, perf_buffer_lost_fn,
  };
}

/** Struct sizes as koffi lays them out; test/abi.test.ts compares them with the C compiler's. */
export function structSizes(): Record<string, number> {
  const t = (types ??= declareTypes());
  return {
    bpf_object_open_opts: koffi.sizeof(t.bpf_object_open_opts),
    bpf_tracepoint_opts: koffi.sizeof(t.bpf_tracepoint_opts),
    bpf_perf_event_opts: koffi.sizeof(t.bpf_perf_event_opts),
    bpf_uprobe_opts: koffi.sizeof(t.bpf_uprobe_opts),
    bpf_kprobe_opts: koffi.sizeof(t.bpf_kprobe_opts),
    bpf_usdt_opts: koffi.sizeof(t.bpf_usdt_opts),
    bpf_map_batch_opts: koffi.sizeof(t.bpf_map_batch_opts),
    bpf_test_run_opts: koffi.sizeof(t.bpf_test_run_opts),
  };
}

let lib: { bpf: LibBpf; c: LibC; types: ReturnType<typeof declareTypes> } | undefined;
let loadError: Error | undefined;

/** The bound libraries; throws once (and then again with the same error) if libbpf can't be loaded. */
export function native(): { bpf: LibBpf; c: LibC; types: ReturnType<typeof declareTypes> } {
  if (lib) return lib;
  if (loadError) throw loadError;
  try {
    lib = bind();
    return lib;
  } catch (e) {
    loadError = new Error(`cannot load libbpf.so.1: ${(e as Error).message}`);
    throw loadError;
  }
}

function bind() {
  const t = (types ??= declareTypes());
  const so = koffi.load('libbpf.so.1');
  const libc = koffi.load('libc.so.6');
  const f = (decl: string) => so.func(decl);
  const bpf = {
    bpf_object__open_mem: f('void *bpf_object__open_mem(void *buf, size_t size, bpf_object_open_opts *opts)'),
    bpf_object__load: f('int bpf_object__load(void *obj)'),
    bpf_object__close: f('void bpf_object__close(void *obj)'),
    bpf_object__next_program: f('void *bpf_object__next_program(void *obj, void *prev)'),
    bpf_object__find_program_by_name: f('void *bpf_object__find_program_by_name(void *obj, const char *name)'),
    bpf_object__next_map: f('void *bpf_object__next_map(void *obj, void *prev)'),
    bpf_object__find_map_by_name: f('void *bpf_object__find_map_by_name(void *obj, const char *name)'),
    bpf_program__name: f('const char *bpf_program__name(void *prog)'),
    bpf_program__section_name: f('const char *bpf_program__section_name(void *prog)'),
    bpf_program__fd: f('int bpf_program__fd(void *prog)'),
    bpf_map__name: f('const char *bpf_map__name(void *map)'),
    bpf_map__fd: f('int bpf_map__fd(void *map)'),
    bpf_map__type: f('int bpf_map__type(void *map)'),
    bpf_map__key_size: f('uint32_t bpf_map__key_size(void *map)'),
    bpf_map__value_size: f('uint32_t bpf_map__value_size(void *map)'),
    bpf_map__max_entries: f('uint32_t bpf_map__max_entries(void *map)'),
    bpf_map__initial_value: f('void *bpf_map__initial_value(void *map, _Out_ size_t *psize)'),
    bpf_object__btf: f('void *bpf_object__btf(void *obj)'),
    btf__find_by_name_kind: f('int btf__find_by_name_kind(void *btf, const char *name, uint32_t kind)'),
    btf__type_cnt: f('uint32_t btf__type_cnt(void *btf)'),
    btf__type_by_id: f('void *btf__type_by_id(void *btf, uint32_t id)'),
    btf__name_by_offset: f('const char *btf__name_by_offset(void *btf, uint32_t off)'),
    bpf_program__attach_tracepoint_opts: f('void *bpf_program__attach_tracepoint_opts(void *prog, const char *cat, const char *name, bpf_tracepoint_opts *opts)'),
    bpf_program__attach_uprobe_opts: f('void *bpf_program__attach_uprobe_opts(void *prog, int pid, const char *binary, size_t off, bpf_uprobe_opts *opts)'),
    bpf_program__attach_kprobe_opts: f('void *bpf_program__attach_kprobe_opts(void *prog, const char *func, bpf_kprobe_opts *opts)'),
    bpf_program__attach_raw_tracepoint: f('void *bpf_program__attach_raw_tracepoint(void *prog, const char *name)'),
    bpf_program__attach: f('void *bpf_program__attach(void *prog)'),
    libbpf_probe_bpf_prog_type: f('int libbpf_probe_bpf_prog_type(int prog_type, void *opts)'),
    libbpf_probe_bpf_map_type: f('int libbpf_probe_bpf_map_type(int map_type, void *opts)'),
    bpf_program__attach_perf_event_opts: f('void *bpf_program__attach_perf_event_opts(void *prog, int pfd, bpf_perf_event_opts *opts)'),
    bpf_program__attach_usdt: f('void *bpf_program__attach_usdt(void *prog, int pid, const char *binary, const char *provider, const char *name, bpf_usdt_opts *opts)'),
    bpf_link__destroy: f('int bpf_link__destroy(void *link)'),
    ring_buffer__new: f('void *ring_buffer__new(int fd, ring_buffer_sample_fn *cb, void *ctx, void *opts)'),
    ring_buffer__poll: f('int ring_buffer__poll(void *rb, int timeout_ms)'),
    ring_buffer__consume: f('int ring_buffer__consume(void *rb)'),
    ring_buffer__epoll_fd: f('int ring_buffer__epoll_fd(void *rb)'),
    ring_buffer__free: f('void ring_buffer__free(void *rb)'),
    perf_buffer__new: f('void *perf_buffer__new(int fd, size_t page_cnt, perf_buffer_sample_fn *sample, perf_buffer_lost_fn *lost, void *ctx, void *opts)'),
    perf_buffer__poll: f('int perf_buffer__poll(void *pb, int timeout_ms)'),
    perf_buffer__consume: f('int perf_buffer__consume(void *pb)'),
    perf_buffer__epoll_fd: f('int perf_buffer__epoll_fd(void *pb)'),
    perf_buffer__free: f('void perf_buffer__free(void *pb)'),
    bpf_map_lookup_elem: f('int bpf_map_lookup_elem(int fd, const void *key, _Out_ void *value)'),
    bpf_map_update_elem: f('int bpf_map_update_elem(int fd, const void *key, const void *value, uint64_t flags)'),
    bpf_map_delete_elem: f('int bpf_map_delete_elem(int fd, const void *key)'),
    bpf_map_get_next_key: f('int bpf_map_get_next_key(int fd, const void *key, _Out_ void *next)'),
    bpf_map_lookup_batch: f('int bpf_map_lookup_batch(int fd, void *in_batch, _Out_ uint8_t *out_batch, _Out_ uint8_t *keys, _Out_ uint8_t *values, _Inout_ uint32_t *count, const bpf_map_batch_opts *opts)'),
    bpf_map_lookup_and_delete_batch: f('int bpf_map_lookup_and_delete_batch(int fd, void *in_batch, _Out_ uint8_t *out_batch, _Out_ uint8_t *keys, _Out_ uint8_t *values, _Inout_ uint32_t *count, const bpf_map_batch_opts *opts)'),
    bpf_map_update_batch: f('int bpf_map_update_batch(int fd, const void *keys, const void *values, _Inout_ uint32_t *count, const bpf_map_batch_opts *opts)'),
    bpf_map_delete_batch: f('int bpf_map_delete_batch(int fd, const void *keys, _Inout_ uint32_t *count, const bpf_map_batch_opts *opts)'),
    bpf_prog_test_run_opts: f('int bpf_prog_test_run_opts(int fd, _Inout_ bpf_test_run_opts *opts)'),
    libbpf_set_print: f('void *libbpf_set_print(libbpf_print_fn *fn)'),
    libbpf_num_possible_cpus: f('int libbpf_num_possible_cpus(void)'),
    libbpf_strerror: f('int libbpf_strerror(int err, _Out_ uint8_t *buf, size_t size)'),
  } as unknown as LibBpf;
  const c = {
    syscall: libc.func('long syscall(long nr, ...)'),
    close: libc.func('int close(int fd)'),
    vsnprintf: libc.func('int vsnprintf(_Out_ uint8_t *buf, size_t size, void *fmt, void *ap)'),
    ioctl: libc.func('int ioctl(int fd, unsigned long request, ...)'),
  } as unknown as LibC;
  return { bpf, c, types: t };
}

/** errno of the last native call (libbpf sets it for calls that return NULL). */
export function lastErrno(): number {
  return koffi.errno();
}

/** Register a long-lived C callback (a ring buffer or print function); free it with unregister(). */
export function registerCallback(fn: Function,
  proto: 'ring_buffer_sample_fn' | 'libbpf_print_fn' | 'perf_buffer_sample_fn' | 'perf_buffer_lost_fn'): Ptr {
  const t = native().types;
  return koffi.register(fn, koffi.pointer(t[proto]));
}

export function unregisterCallback(cb: Ptr): void {
  koffi.unregister(cb);
}

/** A copy of `size` bytes at native address `ptr`. */
export function copyFrom(ptr: Ptr, size: number): Uint8Array {
  if (size === 0) return new Uint8Array(0);
  return new Uint8Array(koffi.view(ptr, size).slice(0));
}

/** Write `bytes` into native memory at `ptr + offset`. */
export function writeTo(ptr: Ptr, offset: number, bytes: Uint8Array): void {
  new Uint8Array(koffi.view(ptr, offset + bytes.length)).set(bytes, offset);
}

/** Native memory that survives garbage collection (libbpf keeps pointers into the object bytes). */
export function allocCopy(bytes: Uint8Array): { ptr: Ptr; free(): void } {
  const ptr = koffi.alloc('uint8_t', Math.max(1, bytes.length)) as Ptr;
  new Uint8Array(koffi.view(ptr, bytes.length)).set(bytes);
  return { ptr, free: () => koffi.free(ptr) };
}

/** A koffi fd watcher on the Node event loop (used for the ring buffer's epoll fd). */
/**
 * A reusable readability watch on `fd`: start(cb) calls cb on the event loop while
 * the fd is readable, until stop(). One handle for the life of a reader, rather
 * than one per wait.
 */
export function readableWatch(fd: number): { start(cb: () => void): void; stop(): void; close(): void } {
  let h: ReturnType<typeof koffi.node.poll> | undefined;
  return {
    start: (cb) => {
      // koffi 3 hands the callback a status number, not the PollEvents object its typings
      // promise: only readability was asked for, so any call means "readable".
      if (!h) h = koffi.node.poll(fd, { readable: true }, () => cb());
      else h.start({ readable: true }, () => cb());
    },
    stop: () => h?.stop(),
    close: () => { h?.stop(); h?.close(); h = undefined; },
  };
}
