// Workload for the USDT argument test: five rounds of two probes whose arguments
// cover the spec kinds libbpf records (registers, memory, constants) and sizes
// (1, 2, 4, 8 bytes, signed and unsigned), plus a string pointer.
#include <stdint.h>
#include <sys/sdt.h>

static const char *const names[] = { "zero", "one", "two", "three", "four" };
static const int32_t ints[] = { 7, -2, 2147483647, -2147483647 - 1, 0 };
static const int64_t longs[] = { 10, 1099511627776LL, -5, 9223372036854775807LL, -1234567890123LL };

__attribute__((noinline)) void round_(int i) {
  volatile int32_t a = ints[i];
  volatile int64_t b = longs[i];
  volatile uint8_t c = (uint8_t)(250 + i);
  volatile int16_t d = (int16_t)(-300 * i);
  const char *volatile s = names[i];
  DTRACE_PROBE3(bpfts, add, a, b, s);
  DTRACE_PROBE4(bpfts, small, c, d, 42, (uint32_t)(4000000000u + i));
}

int main(void) {
  for (int i = 0; i < 5; i++) round_(i);
  return 0;
}
