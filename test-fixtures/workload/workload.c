/*
 * Deterministic workload for the end-to-end fixtures.
 *
 * Build statically and name the binary bpfts_workload, so that its comm is
 * distinctive and no dynamic loader adds openat/read/mmap calls of its own:
 *   gcc -static -O2 -o bpfts_workload workload.c
 *
 * Usage: bpfts_workload STEP [STEP...], steps run in order:
 *   open N          N x (openat("/dev/null") + close)
 *   read N SIZE     create a file of N*SIZE bytes, then N reads of SIZE bytes,
 *                   1 read at EOF (returns 0), 3 reads of fd -1 (return -EBADF)
 *   write N SIZE    N writes of SIZE bytes to a fresh file
 *   exec            execve("/bin/true") (later steps never run)
 *   faults N        touch N fresh anonymous pages (N minor faults at least)
 *   spin MS         burn CPU for MS milliseconds
 *   block N         N O_DIRECT 4 KiB writes to a fresh file, then fdatasync
 *   sleep MS        sleep MS milliseconds
 *
 * Files are created in the current directory (the harness runs us in a
 * temporary directory on a real disk) and removed afterwards.
 *
 * On start it writes "bpfts_workload pid %10d\n" to stderr: the harness learns
 * our pid from it (the fixed width keeps the byte count of that write constant,
 * which the write-sum fixture depends on). Nothing is written to stdout, which
 * belongs to the tracer's output.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define DATA_FILE "bpfts_workload.dat"
#define EOF_READS 1
#define BADFD_READS 3
#define BLOCK_SIZE 4096

static void die(const char *what) {
  fprintf(stderr, "bpfts_workload: %s: %s\n", what, strerror(errno));
  exit(2);
}

static long arg_num(int argc, char **argv, int i) {
  if (i >= argc) {
    fprintf(stderr, "bpfts_workload: %s needs more arguments\n", argv[i - 1]);
    exit(2);
  }
  char *end;
  long v = strtol(argv[i], &end, 10);
  if (*end != '\0' || v < 0) {
    fprintf(stderr, "bpfts_workload: bad number '%s'\n", argv[i]);
    exit(2);
  }
  return v;
}

static void do_open(long n) {
  for (long i = 0; i < n; i++) {
    int fd = open("/dev/null", O_RDONLY);
    if (fd < 0) die("open /dev/null");
    close(fd);
  }
}

/* Writes n chunks of size bytes to fd (one write call per chunk). */
static void write_chunks(int fd, long n, long size) {
  char *buf = malloc(size ? size : 1);
  if (!buf) die("malloc");
  memset(buf, 'w', size);
  for (long i = 0; i < n; i++)
    if (write(fd, buf, size) != size) die("write");
  free(buf);
}

static void do_read(long n, long size) {
  int fd = open(DATA_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) die("create " DATA_FILE);
  unlink(DATA_FILE);
  /* One write of the whole content, so the read fixtures see no extra reads. */
  write_chunks(fd, 1, n * size);
  if (lseek(fd, 0, SEEK_SET) != 0) die("lseek");
  char *buf = malloc(size + 1);
  if (!buf) die("malloc");
  for (long i = 0; i < n; i++)
    if (read(fd, buf, size) != size) die("read");
  for (int i = 0; i < EOF_READS; i++)
    if (read(fd, buf, size + 1) != 0) die("read at EOF");
  for (int i = 0; i < BADFD_READS; i++)
    if (read(-1, buf, 1) != -1 || errno != EBADF) die("read of fd -1");
  free(buf);
  close(fd);
}

static void do_write(long n, long size) {
  int fd = open(DATA_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) die("create " DATA_FILE);
  unlink(DATA_FILE);
  write_chunks(fd, n, size);
  close(fd);
}

static void do_exec(void) {
  char *argv[] = {"true", NULL};
  char *envp[] = {NULL};
  execve("/bin/true", argv, envp);
  die("execve /bin/true");
}

static void do_faults(long n) {
  long page = sysconf(_SC_PAGESIZE);
  volatile char *p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) die("mmap");
  /* No MAP_POPULATE and no THP: each first write is its own fault. */
  madvise((void *)p, n * page, MADV_NOHUGEPAGE);
  for (long i = 0; i < n; i++) p[i * page] = 1;
  munmap((void *)p, n * page);
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void do_spin(long ms) {
  volatile unsigned long sink = 0;
  long end = now_ms() + ms;
  while (now_ms() < end)
    for (int i = 0; i < 100000; i++) sink += i;
}

static void do_block(long n) {
  /* O_DIRECT bypasses the page cache: each write is its own block request. */
  int fd = open(DATA_FILE, O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0600);
  if (fd < 0) die("create " DATA_FILE " with O_DIRECT");
  unlink(DATA_FILE);
  void *buf;
  if (posix_memalign(&buf, BLOCK_SIZE, BLOCK_SIZE) != 0) die("posix_memalign");
  memset(buf, 'b', BLOCK_SIZE);
  for (long i = 0; i < n; i++)
    if (pwrite(fd, buf, BLOCK_SIZE, i * BLOCK_SIZE) != BLOCK_SIZE) die("pwrite O_DIRECT");
  if (fdatasync(fd) != 0) die("fdatasync");
  free(buf);
  close(fd);
}

static void do_sleep(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

int main(int argc, char **argv) {
  fprintf(stderr, "bpfts_workload pid %10d\n", (int)getpid());
  for (int i = 1; i < argc;) {
    const char *step = argv[i++];
    if (!strcmp(step, "open")) {
      do_open(arg_num(argc, argv, i++));
    } else if (!strcmp(step, "read")) {
      long n = arg_num(argc, argv, i++);
      do_read(n, arg_num(argc, argv, i++));
    } else if (!strcmp(step, "write")) {
      long n = arg_num(argc, argv, i++);
      do_write(n, arg_num(argc, argv, i++));
    } else if (!strcmp(step, "exec")) {
      do_exec();
    } else if (!strcmp(step, "faults")) {
      do_faults(arg_num(argc, argv, i++));
    } else if (!strcmp(step, "spin")) {
      do_spin(arg_num(argc, argv, i++));
    } else if (!strcmp(step, "block")) {
      do_block(arg_num(argc, argv, i++));
    } else if (!strcmp(step, "sleep")) {
      do_sleep(arg_num(argc, argv, i++));
    } else {
      fprintf(stderr, "bpfts_workload: unknown step '%s'\n", step);
      return 2;
    }
  }
  return 0;
}
