// What this machine offers: whether libbpf loads, and libbpf's probes of program
// and map types (each creates and closes a small program or map).
import { native } from './libbpf.js';

/** undefined when libbpf.so.1 loads, else why not. */
export function libbpfUnavailable(): string | undefined {
  try {
    native();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Whether the kernel supports BPF program type `type` (enum bpf_prog_type). */
export function progTypeSupported(type: number): boolean {
  return native().bpf.libbpf_probe_bpf_prog_type(type, null) === 1;
}

/** Whether the kernel supports BPF map type `type` (enum bpf_map_type). */
export function mapTypeSupported(type: number): boolean {
  return native().bpf.libbpf_probe_bpf_map_type(type, null) === 1;
}
