/*
 * Deterministic workload for the end-to-end fixtures.
 *
 * Build statically and name the binary bpfts_workload (the e2e harness uses a
 * name of the same length unique per run), so that its comm is distinctive and
 * no dynamic loader adds openat/read/mmap calls of its own:
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
 *   openpath N PATH N x openat(PATH, O_RDONLY) (+ close if it succeeded);
 *                   failures are expected (e.g. a missing PATH: ENOENT)
 *   stat N PATH     N x (statx(PATH), stat(PATH), lstat(PATH), statfs(PATH)),
 *                   raw syscalls (glibc's stat() would be newfstatat);
 *                   failures are expected
 *   kill SIG        ignores SIG, sends it to itself (returns 0), then to pid
 *                   INT_MAX, which cannot exist (returns -ESRCH)
 *   setuid          setuid(getuid()), setresuid(-1, -1, -1),
 *                   setfsuid(getuid()): none changes anything
 *   nanosleep MS    one raw nanosleep(2) of MS ms (glibc's nanosleep() is
 *                   clock_nanosleep(2))
 *   sync            sync(), then on a fresh dirty file: syncfs, fsync,
 *                   fdatasync, sync_file_range, and msync of a shared mapping
 *   direct N        N O_DIRECT 4 KiB overwrites of a file that is already
 *                   allocated and synced, so no metadata I/O follows: exactly N
 *                   block requests under our comm. The file is prepared (written,
 *                   fsynced) and removed under the comm bpfts_prep.
 *   fork N          N x (fork(), the child _exits at once, waitpid)
 *   child STEP ...  runs the next step (with its arguments) in a forked child,
 *                   which announces its pid like the parent, and waits for it
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
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

static void do_direct(long n) {
  char comm[16] = {0};
  if (prctl(PR_GET_NAME, comm) != 0) die("PR_GET_NAME");
  /* Preparation and cleanup I/O (allocation, metadata) goes under another comm. */
  if (prctl(PR_SET_NAME, "bpfts_prep") != 0) die("PR_SET_NAME");
  int fd = open(DATA_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) die("create " DATA_FILE);
  write_chunks(fd, n, BLOCK_SIZE);
  if (fsync(fd) != 0) die("fsync");
  close(fd);
  if (prctl(PR_SET_NAME, comm) != 0) die("PR_SET_NAME");
  fd = open(DATA_FILE, O_WRONLY | O_DIRECT);
  if (fd < 0) die("open " DATA_FILE " with O_DIRECT");
  void *buf;
  if (posix_memalign(&buf, BLOCK_SIZE, BLOCK_SIZE) != 0) die("posix_memalign");
  memset(buf, 'd', BLOCK_SIZE);
  for (long i = 0; i < n; i++)
    if (pwrite(fd, buf, BLOCK_SIZE, i * BLOCK_SIZE) != BLOCK_SIZE) die("pwrite O_DIRECT");
  free(buf);
  if (prctl(PR_SET_NAME, "bpfts_prep") != 0) die("PR_SET_NAME");
  close(fd);
  unlink(DATA_FILE);
  if (prctl(PR_SET_NAME, comm) != 0) die("PR_SET_NAME");
}

static void do_sleep(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

static void do_openpath(long n, const char *path) {
  for (long i = 0; i < n; i++) {
    int fd = open(path, O_RDONLY);
    if (fd >= 0) close(fd);
  }
}

static void do_stat(long n, const char *path) {
  struct statx stx;
  struct stat st;
  struct statfs sfs;
  for (long i = 0; i < n; i++) {
    syscall(SYS_statx, AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx);
    syscall(SYS_stat, path, &st);
    syscall(SYS_lstat, path, &st);
    syscall(SYS_statfs, path, &sfs);
  }
}

static void do_kill(long sig) {
  if (sig != 0 && signal((int)sig, SIG_IGN) == SIG_ERR) die("signal");
  if (kill(getpid(), (int)sig) != 0) die("kill self");
  if (kill(INT_MAX, (int)sig) != -1 || errno != ESRCH) die("kill of pid INT_MAX");
}

static void do_setuid(void) {
  if (setuid(getuid()) != 0) die("setuid");
  if (setresuid(-1, -1, -1) != 0) die("setresuid");
  setfsuid(getuid());
}

static void do_nanosleep(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (syscall(SYS_nanosleep, &ts, &ts) != 0 && errno == EINTR) {
  }
}

static void do_sync(void) {
  sync();
  int fd = open(DATA_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) die("create " DATA_FILE);
  unlink(DATA_FILE);
  long page = sysconf(_SC_PAGESIZE);
  write_chunks(fd, 1, page);
  if (syncfs(fd) != 0) die("syncfs");
  if (fsync(fd) != 0) die("fsync");
  if (fdatasync(fd) != 0) die("fdatasync");
  if (sync_file_range(fd, 0, page, SYNC_FILE_RANGE_WRITE) != 0) die("sync_file_range");
  char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) die("mmap");
  p[0] = 'm';
  if (msync(p, page, MS_SYNC) != 0) die("msync");
  munmap(p, page);
  close(fd);
}

static void do_fork(long n) {
  for (long i = 0; i < n; i++) {
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) _exit(0);
    if (waitpid(child, NULL, 0) != child) die("waitpid");
  }
}

static void announce(void) {
  fprintf(stderr, "bpfts_workload pid %10d\n", (int)getpid());
}

/* Number of arguments each step takes (kept in step with run_step). */
static const struct {
  const char *name;
  int nargs;
} ARITY[] = {
    {"open", 1},   {"read", 2},     {"write", 2}, {"exec", 0},      {"faults", 1},
    {"spin", 1},   {"block", 1},    {"sleep", 1}, {"openpath", 2},  {"stat", 2},
    {"kill", 1},   {"setuid", 0},   {"sync", 0},  {"nanosleep", 1}, {"fork", 1},
    {"direct", 1},
};

/* The index of the step after the one at argv[i], without running it. */
static int skip_step(int argc, char **argv, int i) {
  if (i >= argc) return i;
  if (!strcmp(argv[i], "child")) return skip_step(argc, argv, i + 1);
  for (size_t k = 0; k < sizeof ARITY / sizeof ARITY[0]; k++)
    if (!strcmp(argv[i], ARITY[k].name)) return i + 1 + ARITY[k].nargs;
  fprintf(stderr, "bpfts_workload: unknown step '%s'\n", argv[i]);
  exit(2);
}

/* Runs the step at argv[i]; returns the index of the next step. */
static int run_step(int argc, char **argv, int i) {
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
  } else if (!strcmp(step, "openpath") || !strcmp(step, "stat")) {
    long n = arg_num(argc, argv, i++);
    if (i >= argc) {
      fprintf(stderr, "bpfts_workload: %s needs a path\n", step);
      exit(2);
    }
    const char *path = argv[i++];
    if (step[0] == 'o') do_openpath(n, path);
    else do_stat(n, path);
  } else if (!strcmp(step, "kill")) {
    do_kill(arg_num(argc, argv, i++));
  } else if (!strcmp(step, "setuid")) {
    do_setuid();
  } else if (!strcmp(step, "nanosleep")) {
    do_nanosleep(arg_num(argc, argv, i++));
  } else if (!strcmp(step, "sync")) {
    do_sync();
  } else if (!strcmp(step, "direct")) {
    do_direct(arg_num(argc, argv, i++));
  } else if (!strcmp(step, "fork")) {
    do_fork(arg_num(argc, argv, i++));
  } else if (!strcmp(step, "child")) {
    if (i >= argc) {
      fprintf(stderr, "bpfts_workload: child needs a step\n");
      exit(2);
    }
    fflush(stderr);
    pid_t child = fork();
    if (child < 0) die("fork");
    if (child == 0) {
      announce();
      run_step(argc, argv, i);
      _exit(0);
    }
    int status;
    if (waitpid(child, &status, 0) != child) die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "bpfts_workload: child step '%s' failed\n", argv[i]);
      exit(2);
    }
    /* The parent skips the step the child ran, arguments included. */
    i = skip_step(argc, argv, i);
  } else {
    fprintf(stderr, "bpfts_workload: unknown step '%s'\n", step);
    exit(2);
  }
  return i;
}

int main(int argc, char **argv) {
  announce();
  for (int i = 1; i < argc;) i = run_step(argc, argv, i);
  return 0;
}
