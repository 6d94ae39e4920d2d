// Count perf event samples per attach cookie.
#include "common.h"

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 64);
  __type(key, __u64);
  __type(value, __u64);
} ticks SEC(".maps");

SEC("perf_event")
int on_tick(void *ctx) {
  __u64 cookie = bpf_get_attach_cookie(ctx), one = 1;
  __u64 *v = bpf_map_lookup_elem(&ticks, &cookie);
  if (v) __sync_fetch_and_add(v, 1);
  else bpf_map_update_elem(&ticks, &cookie, &one, BPF_NOEXIST);
  return 0;
}
