// A USDT probe fired three times once stdin has a byte (libbpf_ts:tick, argument 0, 10, 20).
#include <stdio.h>
#include <sys/sdt.h>

int main(void) {
  getchar();
  for (long i = 0; i < 3; i++) DTRACE_PROBE1(libbpf_ts, tick, i * 10);
  return 0;
}
