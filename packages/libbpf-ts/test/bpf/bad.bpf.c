// Rejected by the verifier: the map value pointer is used without a NULL check.
#include "common.h"

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} m SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_openat")
int bad(void *ctx) {
  __u32 k = 0;
  __u64 *v = bpf_map_lookup_elem(&m, &k);
  return *v;
}
