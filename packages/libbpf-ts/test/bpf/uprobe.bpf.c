// uprobe counts calls of rt_target_fn per process; uretprobe sums its return values.
#include "common.h"

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4096);
  __type(key, __u32);
  __type(value, __u64);
} calls SEC(".maps"), rets SEC(".maps");

static __always_inline void add(void *map, __u32 pid, __u64 n) {
  __u64 *v = bpf_map_lookup_elem(map, &pid);
  if (v) __sync_fetch_and_add(v, n);
  else bpf_map_update_elem(map, &pid, &n, BPF_NOEXIST);
}

SEC("uprobe")
int on_call(struct pt_regs *ctx) {
  if (bpf_get_attach_cookie(ctx) != 77) return 0;
  add(&calls, current_pid(), 1);
  return 0;
}

SEC("uretprobe")
int on_ret(struct pt_regs *ctx) {
  add(&rets, current_pid(), PT_REGS_RC(ctx));
  return 0;
}
