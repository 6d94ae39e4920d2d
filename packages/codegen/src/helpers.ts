// BPF helper calls. A helper is called through a constant function pointer
// (`inttoptr (i64 ID to ...)`): llc's BPF backend turns that into `call ID`.

import { FunctionBuilder, I64, Value, i64, isPtr } from './ir-builder.js';

export const Helper = {
  map_lookup_elem: 1,
  map_update_elem: 2,
  map_delete_elem: 3,
  probe_read: 4,
  probe_read_str: 45,
  trace_printk: 6,
  get_prandom_u32: 7,
  get_stackid: 27,
  get_current_task: 35,
  get_numa_node_id: 42,
  override_return: 58,
  get_current_cgroup_id: 80,
  send_signal: 109,
  ktime_get_ns: 5,
  get_smp_processor_id: 8,
  get_current_pid_tgid: 14,
  get_current_uid_gid: 15,
  get_current_comm: 16,
  probe_read_kernel: 113,
  probe_read_user: 112,
  probe_read_user_str: 114,
  probe_read_kernel_str: 115,
  ringbuf_output: 130,
  ringbuf_reserve: 131,
  ringbuf_submit: 132,
  get_func_ip: 173,
  get_attach_cookie: 174,
} as const;

export type HelperName = keyof typeof Helper;

/** Map update flags. */
export const BPF_ANY = 0;
export const BPF_NOEXIST = 1;

/** Call helper `name` with `args`; pointers are passed as pointers, integers as i64. */
export function callHelper(f: FunctionBuilder, name: HelperName, retType: string, args: Value[]): Value {
  const norm = args.map((a) => (isPtr(a.type) || a.type === I64 ? a : f.intResize(a, I64, false)));
  return f.callAddress(retType, Helper[name], norm);
}

export function ktimeNs(f: FunctionBuilder): Value {
  return callHelper(f, 'ktime_get_ns', I64, []);
}

export function pidTgid(f: FunctionBuilder): Value {
  return callHelper(f, 'get_current_pid_tgid', I64, []);
}

export function uidGid(f: FunctionBuilder): Value {
  return callHelper(f, 'get_current_uid_gid', I64, []);
}

export function upper32(f: FunctionBuilder, v: Value): Value {
  return f.bin('lshr', v, i64(32));
}

export function lower32(f: FunctionBuilder, v: Value): Value {
  return f.bin('and', v, i64(0xffffffff));
}
