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
  {
    // Error numbers (asm-generic/errno-base.h, asm-generic/errno.h; ENOTSUP from glibc's errno.h).
    headers: ['errno.h', 'sys/errno.h', 'linux/errno.h', 'asm/errno.h', 'asm-generic/errno.h', 'asm-generic/errno-base.h'],
    macros: {
      EPERM: 1n, ENOENT: 2n, ESRCH: 3n, EINTR: 4n, EIO: 5n, ENXIO: 6n, E2BIG: 7n, ENOEXEC: 8n, EBADF: 9n,
      ECHILD: 10n, EAGAIN: 11n, ENOMEM: 12n, EACCES: 13n, EFAULT: 14n, ENOTBLK: 15n, EBUSY: 16n, EEXIST: 17n,
      EXDEV: 18n, ENODEV: 19n, ENOTDIR: 20n, EISDIR: 21n, EINVAL: 22n, ENFILE: 23n, EMFILE: 24n, ENOTTY: 25n,
      ETXTBSY: 26n, EFBIG: 27n, ENOSPC: 28n, ESPIPE: 29n, EROFS: 30n, EMLINK: 31n, EPIPE: 32n, EDOM: 33n,
      ERANGE: 34n, EDEADLK: 35n, ENAMETOOLONG: 36n, ENOLCK: 37n, ENOSYS: 38n, ENOTEMPTY: 39n, ELOOP: 40n,
      ENOMSG: 42n, EIDRM: 43n, ECHRNG: 44n, EL2NSYNC: 45n, EL3HLT: 46n, EL3RST: 47n, ELNRNG: 48n, EUNATCH: 49n,
      ENOCSI: 50n, EL2HLT: 51n, EBADE: 52n, EBADR: 53n, EXFULL: 54n, ENOANO: 55n, EBADRQC: 56n, EBADSLT: 57n,
      EBFONT: 59n, ENOSTR: 60n, ENODATA: 61n, ETIME: 62n, ENOSR: 63n, ENONET: 64n, ENOPKG: 65n, EREMOTE: 66n,
      ENOLINK: 67n, EADV: 68n, ESRMNT: 69n, ECOMM: 70n, EPROTO: 71n, EMULTIHOP: 72n, EDOTDOT: 73n, EBADMSG: 74n,
      EOVERFLOW: 75n, ENOTUNIQ: 76n, EBADFD: 77n, EREMCHG: 78n, ELIBACC: 79n, ELIBBAD: 80n, ELIBSCN: 81n,
      ELIBMAX: 82n, ELIBEXEC: 83n, EILSEQ: 84n, ERESTART: 85n, ESTRPIPE: 86n, EUSERS: 87n, ENOTSOCK: 88n,
      EDESTADDRREQ: 89n, EMSGSIZE: 90n, EPROTOTYPE: 91n, ENOPROTOOPT: 92n, EPROTONOSUPPORT: 93n,
      ESOCKTNOSUPPORT: 94n, EOPNOTSUPP: 95n, EPFNOSUPPORT: 96n, EAFNOSUPPORT: 97n, EADDRINUSE: 98n,
      EADDRNOTAVAIL: 99n, ENETDOWN: 100n, ENETUNREACH: 101n, ENETRESET: 102n, ECONNABORTED: 103n, ECONNRESET: 104n,
      ENOBUFS: 105n, EISCONN: 106n, ENOTCONN: 107n, ESHUTDOWN: 108n, ETOOMANYREFS: 109n, ETIMEDOUT: 110n,
      ECONNREFUSED: 111n, EHOSTDOWN: 112n, EHOSTUNREACH: 113n, EALREADY: 114n, EINPROGRESS: 115n, ESTALE: 116n,
      EUCLEAN: 117n, ENOTNAM: 118n, ENAVAIL: 119n, EISNAM: 120n, EREMOTEIO: 121n, EDQUOT: 122n, ENOMEDIUM: 123n,
      EMEDIUMTYPE: 124n, ECANCELED: 125n, ENOKEY: 126n, EKEYEXPIRED: 127n, EKEYREVOKED: 128n, EKEYREJECTED: 129n,
      EOWNERDEAD: 130n, ENOTRECOVERABLE: 131n, ERFKILL: 132n, EHWPOISON: 133n, EWOULDBLOCK: 11n, EDEADLOCK: 35n,
      ENOTSUP: 95n,
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
