// What codegen would emit for (run with -c rt_workload):
//   tracepoint:syscalls:sys_enter_openat /comm == "rt_workload"/ { @opens = count() }
//   tracepoint:syscalls:sys_enter_getppid /comm == "rt_workload"/ { printf("ppid %d\n", 7) }
#include "common.h"

struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 16); } ringbuf SEC(".maps");
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} map_opens SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int opens(void *ctx) {
  if (!COMM_IS("rt_workload")) return 0;
  __u32 zero = 0;
  __u64 *v = bpf_map_lookup_elem(&map_opens, &zero);
  if (v) *v += 1;
  return 0;
}

SEC("tracepoint/syscalls/sys_enter_getppid")
int ppid(void *ctx) {
  if (!COMM_IS("rt_workload")) return 0;
  struct { __u64 id; __s64 v; } r = { 0, 7 };
  bpf_ringbuf_output(&ringbuf, &r, sizeof(r), 0);
  return 0;
}
