// Records each libbpf_ts:tick argument with the attach's usdt cookie.
#include "common.h"
#include <stdbool.h>
#include <bpf/usdt.bpf.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 16);
  __type(key, __u64);
  __type(value, __u64);
} seen SEC(".maps");

SEC("usdt")
int BPF_USDT(on_tick, long v) {
  __u64 k = v, cookie = bpf_usdt_cookie(ctx);
  bpf_map_update_elem(&seen, &k, &cookie, BPF_ANY);
  return 0;
}
