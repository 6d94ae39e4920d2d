// The README's example: globals set before load filter and tag the openat calls
// of one process, reported through a ring buffer.
#include "common.h"

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096);
} events SEC(".maps");

const volatile __u32 target_pid = 0; // .rodata
__u64 tag = 0;                        // .bss
__u64 seed = 5;                       // .data

struct event { __u32 pid; __u32 pad; __u64 tag; __u64 seed; };

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx) {
  if (current_pid() != target_pid) return 0;
  struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
  if (!e) return 0;
  e->pid = target_pid;
  e->pad = 0;
  e->tag = tag;
  e->seed = seed;
  bpf_ringbuf_submit(e, 0);
  return 0;
}
