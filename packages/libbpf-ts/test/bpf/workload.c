// Test workload: exactly the syscalls and calls the runtime tests count.
// usage: rt_workload [-w] OPENS GETPPIDS CALLS
//   -w  wait for one byte on stdin first (so probes can be attached after start-up)
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

__attribute__((noinline)) int rt_target_fn(int x) {
  __asm__ volatile("" ::: "memory"); // keep the call from being folded away
  return x * 2;
}

int main(int argc, char **argv) {
  int a = 1;
  if (argc > 1 && strcmp(argv[1], "-w") == 0) {
    char c;
    if (read(0, &c, 1) < 0) return 2;
    a = 2;
  }
  if (argc < a + 3) return 2;
  int opens = atoi(argv[a]), ppids = atoi(argv[a + 1]), calls = atoi(argv[a + 2]);
  for (int i = 0; i < opens; i++) {
    int fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
    if (fd >= 0) close(fd);
  }
  for (int i = 0; i < ppids; i++) syscall(SYS_getppid);
  int sum = 0;
  for (int i = 0; i < calls; i++) sum += rt_target_fn(i);
  return sum == -1;
}
