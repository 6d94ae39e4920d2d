// One program attached to several tracepoints; the attach cookie tells them apart.
#include "common.h"

struct key { __u32 pid; __u32 pad; __u64 cookie; };

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4096);
  __type(key, struct key);
  __type(value, __u64);
} hits SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int on_syscall(void *ctx) {
  struct key k = { .pid = current_pid(), .cookie = bpf_get_attach_cookie(ctx) };
  __u64 one = 1, *v = bpf_map_lookup_elem(&hits, &k);
  if (v) __sync_fetch_and_add(v, 1);
  else bpf_map_update_elem(&hits, &k, &one, BPF_NOEXIST);
  return 0;
}
