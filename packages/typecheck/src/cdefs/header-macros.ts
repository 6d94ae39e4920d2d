// Constants that bpftrace's tools take from C headers by `#include`, where BTF has no
// record of them (they are #defines, not enums). The checker does no I/O, so the few
// headers the tools rely on are described here: a macro is known only when one of its
// headers is included, as with clang. Enums (TCP_ESTABLISHED, ...) come from BTF instead.

interface HeaderMacros {
  headers: readonly string[];
  macros: Readonly<Record<string, bigint>>;
}

// As bpftrace 0.17 sees them (user-space headers): glibc's sys/socket.h defines AF_*, the
// uapi linux/socket.h does not. linux/sched.h below is the kernel's, not the uapi one
// (with which Debian's bpftrace 0.17 fails runqlat.bt outright).
const SOCKET_HEADERS = ['sys/socket.h', 'bits/socket.h', 'netinet/in.h', 'arpa/inet.h', 'netdb.h'];

const TABLE: readonly HeaderMacros[] = [
  {
    // Address families (linux/socket.h, glibc bits/socket.h).
    headers: SOCKET_HEADERS,
    macros: {
      AF_UNSPEC: 0n, AF_UNIX: 1n, AF_LOCAL: 1n, AF_INET: 2n, AF_AX25: 3n, AF_IPX: 4n, AF_APPLETALK: 5n,
      AF_BRIDGE: 7n, AF_INET6: 10n, AF_KEY: 15n, AF_NETLINK: 16n, AF_PACKET: 17n, AF_CAN: 29n, AF_TIPC: 30n,
      AF_BLUETOOTH: 31n, AF_ALG: 38n, AF_VSOCK: 40n, AF_XDP: 44n, AF_MCTP: 45n,
      PF_UNSPEC: 0n, PF_UNIX: 1n, PF_LOCAL: 1n, PF_INET: 2n, PF_INET6: 10n, PF_NETLINK: 16n, PF_PACKET: 17n,
      SOCK_STREAM: 1n, SOCK_DGRAM: 2n, SOCK_RAW: 3n, SOCK_RDM: 4n, SOCK_SEQPACKET: 5n,
    },
  },
  {
    // Task states (include/linux/sched.h).
    headers: ['linux/sched.h'],
    macros: {
      TASK_RUNNING: 0x0n, TASK_INTERRUPTIBLE: 0x1n, TASK_UNINTERRUPTIBLE: 0x2n, __TASK_STOPPED: 0x4n,
      __TASK_TRACED: 0x8n, EXIT_DEAD: 0x10n, EXIT_ZOMBIE: 0x20n, EXIT_TRACE: 0x30n, TASK_PARKED: 0x40n,
      TASK_DEAD: 0x80n, TASK_WAKEKILL: 0x100n, TASK_WAKING: 0x200n, TASK_NOLOAD: 0x400n, TASK_NEW: 0x800n,
      TASK_KILLABLE: 0x102n, TASK_STOPPED: 0x104n, TASK_TRACED: 0x8n, TASK_IDLE: 0x402n,
    },
  },
  {
    // Open flags (fcntl.h / asm-generic/fcntl.h, x86_64).
    headers: ['fcntl.h', 'linux/fcntl.h', 'asm-generic/fcntl.h', 'linux/fs.h'],
    macros: {
      O_RDONLY: 0n, O_WRONLY: 1n, O_RDWR: 2n, O_ACCMODE: 3n, O_CREAT: 0o100n, O_EXCL: 0o200n, O_NOCTTY: 0o400n,
      O_TRUNC: 0o1000n, O_APPEND: 0o2000n, O_NONBLOCK: 0o4000n, O_DSYNC: 0o10000n, O_DIRECT: 0o40000n,
      O_LARGEFILE: 0o100000n, O_DIRECTORY: 0o200000n, O_NOFOLLOW: 0o400000n, O_NOATIME: 0o1000000n,
      O_CLOEXEC: 0o2000000n, O_SYNC: 0o4010000n, O_PATH: 0o10000000n, O_TMPFILE: 0o20200000n,
    },
  },
  {
    // Signals (x86_64).
    headers: ['signal.h', 'linux/signal.h', 'asm/signal.h'],
    macros: {
      SIGHUP: 1n, SIGINT: 2n, SIGQUIT: 3n, SIGILL: 4n, SIGTRAP: 5n, SIGABRT: 6n, SIGBUS: 7n, SIGFPE: 8n, SIGKILL: 9n,
      SIGUSR1: 10n, SIGSEGV: 11n, SIGUSR2: 12n, SIGPIPE: 13n, SIGALRM: 14n, SIGTERM: 15n, SIGCHLD: 17n,
      SIGCONT: 18n, SIGSTOP: 19n, SIGTSTP: 20n, SIGTTIN: 21n, SIGTTOU: 22n, SIGURG: 23n, SIGXCPU: 24n,
      SIGXFSZ: 25n, SIGVTALRM: 26n, SIGPROF: 27n, SIGWINCH: 28n, SIGIO: 29n, SIGPWR: 30n, SIGSYS: 31n,
    },
  },
];

/** The value of `name` if one of `includes` defines it. */
export function headerMacro(name: string, includes: readonly string[]): bigint | undefined {
  for (const h of TABLE) {
    const v = h.macros[name];
    if (v !== undefined && includes.some((inc) => h.headers.includes(inc))) return v;
  }
  return undefined;
}
