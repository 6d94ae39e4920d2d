/*
 * Fixed syscall workload for the per-event benchmark (built with gcc at bench time).
 *   bench_workload N
 * Makes N getppid() calls, then N read()s of 1..64 bytes from /dev/zero (so sys_exit_read sees
 * 64 distinct return values), prints "BENCH_DONE <pid> <elapsed ns>" and waits to be killed:
 * the harness reads the BPF stats while the tracer is still attached, then kills us, and the
 * tracer (which ran us with -c) exits after printing its maps.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  char buf[64];
  int fd = open("/dev/zero", O_RDONLY);
  if (fd < 0) { perror("open /dev/zero"); return 1; }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  /* syscall(), not getppid(): no libc wrapper can ever cache it */
  for (long i = 0; i < n; i++) syscall(SYS_getppid);
  for (long i = 0; i < n; i++) {
    if (read(fd, buf, (size_t)(i % 64) + 1) < 0) { perror("read"); return 1; }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long long ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  printf("BENCH_DONE %d %lld\n", (int)getpid(), ns);
  fflush(stdout);
  /* Safety net if the harness dies before killing us. */
  alarm(300);
  for (;;) pause();
}
