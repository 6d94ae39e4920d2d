// Loads everywhere; attaching needs CONFIG_KPROBES.
#include "common.h"

SEC("kprobe/do_sys_openat2")
int kp(void *ctx) { return 0; }
