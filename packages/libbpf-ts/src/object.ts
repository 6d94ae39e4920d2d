// A BPF object: ELF bytes opened from memory, loaded into the kernel, and the
// programs and maps in it. Closing it unloads everything libbpf created.
import { allocCopy, native, lastErrno, type Ptr } from './libbpf.js';
import { BpfError, strerror } from './errors.js';
import { captureLibbpfLog, resetLog, takeLog } from './log.js';
import { BpfMap } from './map.js';
import { writeGlobal } from './globals.js';

export class BpfProgram {
  constructor(readonly ptr: Ptr, readonly name: string, readonly section: string) {}
  /** The program's fd (valid after load). */
  get fd(): number {
    return native().bpf.bpf_program__fd(this.ptr);
  }
}

export class BpfObject {
  private closed = false;
  private loaded = false;

  private constructor(private ptr: Ptr, private mem: { free(): void }) {}

  /** Parse an ELF object from memory (nothing reaches the kernel yet). */
  static open(bytes: Uint8Array, name = 'bpf_object'): BpfObject {
    const { bpf, types } = native();
    captureLibbpfLog();
    resetLog();
    const mem = allocCopy(bytes);
    const opts = { sz: types.bpf_object_open_opts.size, object_name: name };
    const ptr = bpf.bpf_object__open_mem(mem.ptr, bytes.length, opts as never);
    if (!ptr) {
      const errno = lastErrno();
      mem.free();
      throw new BpfError(`cannot open BPF object: ${strerror(errno)}`, errno, takeLog(), 'open');
    }
    return new BpfObject(ptr, mem);
  }

  /** Create maps and load programs; a verifier rejection throws with the verifier's log. */
  load(): void {
    this.assertOpen();
    resetLog();
    const ret = native().bpf.bpf_object__load(this.ptr);
    if (ret < 0) {
      const log = takeLog();
      // `.ksyms` externs are resolved by libbpf from kallsyms: say which one is missing.
      const ksym = /extern '([^']+)' \(strong\): not resolved/.exec(log);
      if (ksym) throw new BpfError(`cannot load BPF object: unresolved kernel symbol ${ksym[1]}`, -ret, log, 'unresolved-kernel-symbol', ksym[1]);
      throw new BpfError(`cannot load BPF object: ${strerror(-ret)}`, -ret, log, 'load');
    }
    this.loaded = true;
  }

  /**
   * Set the initial value of global variable `name` (in .data, .rodata or .bss) before load:
   * `bytes` must be exactly the variable's size. The object must carry BTF (clang -g).
   */
  setGlobal(name: string, bytes: Uint8Array): void {
    this.assertOpen();
    if (this.loaded) throw new BpfError(`global ${name}: the object is already loaded`);
    writeGlobal(this.ptr, name, bytes);
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  programs(): BpfProgram[] {
    this.assertOpen();
    const { bpf } = native();
    const out: BpfProgram[] = [];
    for (let p = bpf.bpf_object__next_program(this.ptr, null); p; p = bpf.bpf_object__next_program(this.ptr, p)) {
      out.push(new BpfProgram(p, bpf.bpf_program__name(p), bpf.bpf_program__section_name(p)));
    }
    return out;
  }

  program(name: string): BpfProgram | undefined {
    this.assertOpen();
    const { bpf } = native();
    const p = bpf.bpf_object__find_program_by_name(this.ptr, name);
    return p ? new BpfProgram(p, name, bpf.bpf_program__section_name(p)) : undefined;
  }

  mapNames(): string[] {
    this.assertOpen();
    const { bpf } = native();
    const out: string[] = [];
    for (let m = bpf.bpf_object__next_map(this.ptr, null); m; m = bpf.bpf_object__next_map(this.ptr, m)) {
      out.push(bpf.bpf_map__name(m));
    }
    return out;
  }

  /** A loaded map by its BPF name. */
  map(name: string): BpfMap | undefined {
    this.assertOpen();
    const p = native().bpf.bpf_object__find_map_by_name(this.ptr, name);
    return p ? BpfMap.fromLibbpf(p) : undefined;
  }

  /** Unload programs, destroy maps, free the ELF copy. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    native().bpf.bpf_object__close(this.ptr);
    this.mem.free();
  }

  private assertOpen(): void {
    if (this.closed) throw new BpfError('BPF object is closed');
  }
}
