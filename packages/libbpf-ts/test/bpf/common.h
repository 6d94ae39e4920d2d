// Shared includes for the runtime's test BPF programs (libbpf-style BTF maps).
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

static __always_inline __u32 current_pid(void) { return bpf_get_current_pid_tgid() >> 32; }

// True when the current task's comm is exactly `name` (a literal shorter than 16).
#define COMM_IS(name) ({                                              \
  char __c[16] = {};                                                 \
  bpf_get_current_comm(__c, sizeof(__c));                            \
  int __eq = 1;                                                      \
  for (int __i = 0; __i < (int)sizeof(name); __i++)                  \
    if (__c[__i] != (name)[__i]) { __eq = 0; break; }                \
  __eq; })
