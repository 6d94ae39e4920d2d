// What codegen would emit for:
//   BEGIN { @a = 5; printf("hello %d\n", 42); exit(); printf("dropped\n") }
//   END { printf("bye %s\n", "x") }
// Events: 0 = printf "hello %d\n" (i64 at 8), 1 = exit, 2 = printf "bye %s\n" (string[8] at 8).
#include "common.h"

struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 16); } ringbuf SEC(".maps");
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __s64);
} map_a SEC(".maps");

struct rec_int { __u64 id; __s64 v; };
struct rec_str { __u64 id; char s[8]; };

SEC("raw_tp/bpftrace_begin")
int begin(void *ctx) {
  __u32 zero = 0;
  __s64 five = 5;
  bpf_map_update_elem(&map_a, &zero, &five, BPF_ANY);
  struct rec_int r = { 0, 42 };
  bpf_ringbuf_output(&ringbuf, &r, sizeof(r), 0);
  __u64 exit_id = 1;
  bpf_ringbuf_output(&ringbuf, &exit_id, sizeof(exit_id), 0);
  struct rec_int after = { 0, 43 }; // follows exit(): must not be printed
  bpf_ringbuf_output(&ringbuf, &after, sizeof(after), 0);
  return 0;
}

SEC("raw_tp/bpftrace_end")
int end(void *ctx) {
  struct rec_str r = { 2, "x" };
  bpf_ringbuf_output(&ringbuf, &r, sizeof(r), 0);
  return 0;
}
