// openat calls of one process, reported through a perf event array.
#include "common.h"

struct {
  __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
  __uint(key_size, sizeof(__u32));
  __uint(value_size, sizeof(__u32));
} events SEC(".maps");

const volatile __u32 target_pid = 0;

struct event { __u32 pid; __u32 seq; };
__u32 seq = 0;

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx) {
  if (current_pid() != target_pid) return 0;
  struct event e = { .pid = target_pid, .seq = seq };
  seq += 1; // not atomic: only an order, which each CPU's ring keeps
  bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &e, sizeof(e));
  return 0;
}
