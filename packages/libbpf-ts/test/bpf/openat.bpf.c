// Count sys_enter_openat per process in a per-CPU hash (the test sums the CPUs).
#include "common.h"

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);
  __type(key, __u32);
  __type(value, __u64);
} opens_by_pid SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int count_openat(void *ctx) {
  __u32 pid = current_pid();
  __u64 one = 1, *v = bpf_map_lookup_elem(&opens_by_pid, &pid);
  if (v) *v += 1;
  else bpf_map_update_elem(&opens_by_pid, &pid, &one, BPF_NOEXIST);
  return 0;
}
