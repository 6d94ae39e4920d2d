// Syscall flood for the stop-under-load tests: getppid(2) in a tight loop, as
// fast as one CPU allows, until killed (or for SECONDS when given). Nothing else
// runs in the loop, so every event a probe on sys_enter_getppid filtered by our
// comm sees comes from here.
// usage: bpfts_flood [SECONDS]
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  time_t end = argc > 1 ? time(NULL) + atoi(argv[1]) : 0;
  for (unsigned long i = 0;; i++) {
    syscall(SYS_getppid);
    if (end && (i & 0xffff) == 0 && time(NULL) >= end) return 0;
  }
}
