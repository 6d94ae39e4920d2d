// Workload for stack, symbol and USDT tests: main -> a -> b -> getppid (a raw
// syscall instruction in b, so the user stack starts in b), frame pointers so the
// kernel can walk it, and one USDT probe. argv[1]: rounds (default 1); argv[2]:
// then sleep that many ms (nanosleep), so tracers can symbolise while it lives.
#include <stdlib.h>
#include <time.h>
#include <sys/sdt.h>
#include <sys/syscall.h>

__attribute__((noinline)) long b(long i) {
  long r;
  DTRACE_PROBE1(bpftrace_ts, tick, i);
  __asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_getppid) : "rcx", "r11", "memory");
  return r + i;
}
__attribute__((noinline)) long a(long i) { return b(i) + 1; }

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1, s = 0, ms = argc > 2 ? atol(argv[2]) : 0;
  for (long i = 0; i < n; i++) s += a(i);
  if (ms > 0) {
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, 0);
  }
  return s == 12345 ? 1 : 0;
}
