// Drop-in cases of probe listing, expansion, headers and C definitions, BTF, and the
// BPFTRACE_* variables and flags that change them (the "probes" set of drop-in-sets.mjs;
// recorded by `record-drop-in.mjs --set probes`, run by drop-in-probes.test.ts).
// Fields as in drop-in-cases.mjs; {PROG} is the built program, {DIR} its directory.

const FUNCS = `
__attribute__((noinline)) int alpha(int x) { return x + 1; }
__attribute__((noinline)) int beta(int x) { return x * 2; }
int main(void) { return alpha(1) + beta(2) == 0; }
`;

// USDT operands at base + index (+ offset): gcc -O2 gives `-8@-104(%rsp,%rax)` for a[i].l.
const USDT_INDEX = `
#include <sys/sdt.h>
struct s { long l; int i; short h; signed char c; unsigned char u; };
int main(void) {
  volatile struct s a[4] = {{-1, -2, -3, -4, 1}, {10, 20, 30, 40, 2}, {-100000000000, -200, -300, -50, 250}, {7, 8, 9, 10, 3}};
  for (volatile int i = 2; i <= 2; i++) {
    DTRACE_PROBE1(t, l, a[i].l);
    DTRACE_PROBE1(t, i, a[i].i);
    DTRACE_PROBE1(t, h, a[i].h);
    DTRACE_PROBE1(t, c, a[i].c);
    DTRACE_PROBE1(t, u, a[i].u);
  }
  return 0;
}
`;

// Headers for #include, -I and --include.
const HEADERS = {
  'here.h': '#define FROM_CWD 7\nstruct cwds { int a; long b; };\n',
  'inc/z.h': '#include "y.h"\n#define FROM_INC 8\n#define TWICE(x) ((x) * 2)\nstruct incs { char c[3]; int d; };\n' +
    '#if 0\n#define DISABLED 1\n#endif\n#ifdef __x86_64__\n#define ON_X86 1\n#endif\nenum ie { IE_A = 5, IE_B };\n' +
    'typedef unsigned short zshort;\nint some_function(int x);\nstruct withtd { zshort s; char c; };\n',
  'inc/y.h': '#define FROM_NESTED 9\n',
};

// A C++ program (built with g++: `cxx`), its method called from a function, then alive a
// moment so that its maps can still be read when the stack is printed.
const CXX = `
#include <unistd.h>
namespace ns { struct K { __attribute__((noinline)) int f(int x); }; int K::f(int x) { return x + 1; } }
__attribute__((noinline)) int plain(int x) { ns::K k; return k.f(x); }
int main() { int r = plain(1); usleep(300000); return r == 0; }
`;
// (print(@) while the process lives: bpftrace 0.17 cannot name its frames after it exits)
const CXX_SCRIPT = 'uprobe:{PROG}:_ZN2ns1K1fEi { printf("%s\\n", usym(reg("ip"))); @[ustack(2)] = count(); print(@); clear(@); exit(); }';

export const CASES = {
  // bpftrace reads a search with its program lexer.
  'list-invalid-character': { args: ['-l', '\\n'] },
  'list-unterminated-string': { args: ['-l', 'a"b'] },
  // uretprobes are listed only when the search names the type.
  'list-uretprobes': { program: FUNCS, args: ['-l', 'uretprobe:{PROG}:*'] },
  'list-uretprobes-alias': { program: FUNCS, args: ['-l', 'ur:{PROG}:be*'] },
  'list-uprobe-types-wildcard': { program: FUNCS, args: ['-l', 'u*:{PROG}:alpha'] },
  'list-uretprobes-missing-file': { args: ['-l', 'uretprobe:/nonexistent/bpfts-prog:*'] },
  // A clause reading `probe` is expanded: a kprobe of a function the kernel lacks matches
  // nothing. (stderr: 0.17 adds a warning about available_filter_functions on this VM)
  'kprobe-probe-builtin-unknown-function': {
    args: ['-e', 'kprobe:bpfts_no_such_fn { probe; printf("x\\n") } BEGIN { printf("_%s_\\n", "begin"); exit() }'],
    compare: ['stdout', 'exitCode'],
  },
  'kprobe-probe-builtin-nothing-left': {
    args: ['-e', 'kprobe:bpfts_no_such_fn { @[probe] = count(); }'],
    compare: ['stdout', 'exitCode'],
  },

  // str($N) where a string literal is expected is the parameter's text.
  'kaddr-positional-str': { args: ['-e', 'BEGIN { printf("%d\\n", kaddr(str($1)) > 0); exit() }', 'vfs_read'] },
  // bpftrace 0.17 prints "str" here (a bug); see the test.
  'printf-positional-str': { args: ['-e', 'BEGIN { printf(str($1)); exit() }', 'hello'] },

  // BTF enumerators are integer constants; sizeof() of one (or of a script enumerator or a
  // macro) is that of the constant.
  'btf-enum-values': { args: ['-e', 'BEGIN { printf("%d %d %d\\n", BTF_KIND_FUNC, BTF_VAR_STATIC, BPF_MAP_TYPE_RINGBUF); exit(); }'] },
  'sizeof-enumerators': {
    args: ['-e', '#define M 3\nenum e { AA = 1 } BEGIN { printf("%d %d %d %d\\n", sizeof(BTF_VAR_STATIC), sizeof(BTF_KIND_FUNC), sizeof(AA), sizeof(M)); exit(); }'],
  },

  // A ternary whose arms have no value runs one of them.
  'ternary-void-arms': {
    args: ['-e', 'BEGIN { $x = 0; $x ? printf("yes\\n") : ($x == 0 ? printf("zero\\n") : printf("no\\n")); 1 ? printf("a\\n") : exit(); 0 ? exit() : printf("b\\n"); exit(); }'],
  },

  // -k: a delete of a missing key warns; -kk: so does a lookup that finds nothing.
  'k-delete-missing-key': { args: ['-k', '-e', 'i:ms:100 { @[1] = 1; delete(@[2]); exit(); }'] },
  'k-lookup-quiet': { args: ['-k', '-e', 'i:ms:100 { @[1] = 1; printf("%d\\n", @[2]); exit(); }'] },
  'kk-lookup-missing-key': { args: ['-kk', '-e', 'i:ms:100 { @[1] = 1; printf("%d\\n", @[2]); exit(); }'] },
  'kk-lookups-json': {
    args: ['-kk', '-f', 'json', '-e', 'i:ms:100 { @a[1] = 1; @b[0] = 0; delete(@a[2]); $x = @b[3]; @d[4]++; @c[5] = count(); exit(); }'],
  },

  'usdt-index-operands': { program: USDT_INDEX, cflags: ['-O2'], args: ['-e', 'usdt:{PROG}:t:* { printf("%s %lld\\n", probe, arg0); }', '-c', '{PROG}'] },

  // #include: macros, records, enums and typedefs of headers (nested ones too), #if decided;
  // a header that is not there is an error. `"x.h"` is looked for in the current directory.
  'include-missing-header': { args: ['-e', '#include <lol/no.h>\nBEGIN { exit(); }'], compare: ['stdout', 'exitCode', 'errorMessage'] },
  'include-quoted-cwd': {
    files: HEADERS, inDir: true,
    args: ['-e', '#include "here.h"\nBEGIN { printf("%d %d\\n", FROM_CWD, sizeof(struct cwds)); exit(); }'],
  },
  'include-dir': {
    files: HEADERS,
    args: ['-I', '{DIR}/inc', '-e', '#include <z.h>\nBEGIN { printf("%d %d %d %d %d %d %d\\n", FROM_INC, sizeof(struct incs), FROM_NESTED, IE_B, ' +
      'ON_X86, sizeof(struct withtd), (int8)IE_A); exit(); }'],
  },
  'include-dir-missing': { files: HEADERS, args: ['-e', '#include <z.h>\nBEGIN { exit(); }'], compare: ['stdout', 'exitCode', 'errorMessage'] },
  'include-disabled-macro': {
    files: HEADERS, args: ['-I', '{DIR}/inc', '-e', '#include <z.h>\nBEGIN { printf("%d\\n", DISABLED); exit(); }'],
    compare: ['stdout', 'exitCode', 'errorMessage'],
  },
  'include-option': { files: HEADERS, args: ['--include', 'z.h', '-I', '{DIR}/inc', '-e', 'BEGIN { printf("%d\\n", FROM_INC); exit(); }'] },
  'include-option-missing': { args: ['--include', 'bpfts-nothere.h', '-e', 'BEGIN { exit(); }'], compare: ['stdout', 'exitCode', 'errorMessage'] },
  'include-system-headers': {
    args: ['-e', '#include <errno.h>\n#include <sys/socket.h>\n#include <netinet/in.h>\nBEGIN { printf("%d %d %d %d %d\\n", ' +
      'EPERM, AF_INET6, SOCK_STREAM, IPPROTO_TCP, sizeof(struct sockaddr_in)); exit(); }'],
  },

  // BPFTRACE_MAX_PROBES: attach points, BEGIN and END counted; 0 is taken (and refuses all).
  'max-probes-exceeded': { env: { BPFTRACE_MAX_PROBES: '3' }, args: ['-e', 'tracepoint:syscalls:sys_enter_read*{} BEGIN{exit()}'] },
  'max-probes-zero': { env: { BPFTRACE_MAX_PROBES: '0' }, args: ['-e', 'BEGIN{exit()}'] },
  'max-probes-at-limit': { env: { BPFTRACE_MAX_PROBES: '1' }, args: ['-e', 'BEGIN{exit()}'] },
  'max-probes-invalid': { env: { BPFTRACE_MAX_PROBES: 'abc' }, args: ['-e', 'BEGIN{exit()}'] },
  // BPFTRACE_BTF: the kernel's types from that file. (0.17 crashes on a missing one; see the test.)
  'btf-path': { env: { BPFTRACE_BTF: '/sys/kernel/btf/vmlinux' }, args: ['-e', 'BEGIN{printf("%d\\n", curtask->pid > 0); exit()}'] },
  'btf-path-missing': { env: { BPFTRACE_BTF: '/nonexistent/bpfts-btf' }, args: ['-e', 'BEGIN{printf("%d\\n", curtask->pid > 0); exit()}'], compare: ['stdout'] },
  // C++ user symbols: demangled; BPFTRACE_NO_CPP_DEMANGLE=1 keeps them mangled;
  // BPFTRACE_NO_USER_SYMBOLS=1 prints addresses; other values than 0 and 1 are refused.
  // (offsets: frame offsets come from the g++ that builds the program)
  'user-symbols-demangled': { program: CXX, cxx: true, offsets: true, args: ['-e', CXX_SCRIPT, '-c', '{PROG}'] },
  'user-symbols-mangled': { program: CXX, cxx: true, offsets: true, env: { BPFTRACE_NO_CPP_DEMANGLE: '1' }, args: ['-e', CXX_SCRIPT, '-c', '{PROG}'] },
  'user-symbols-none': { program: CXX, cxx: true, addresses: true, env: { BPFTRACE_NO_USER_SYMBOLS: '1' }, args: ['-e', CXX_SCRIPT, '-c', '{PROG}'] },
  'user-symbols-invalid': { env: { BPFTRACE_NO_CPP_DEMANGLE: 'yes' }, args: ['-e', 'BEGIN{exit()}'] },
  'user-symbols-invalid-2': { env: { BPFTRACE_NO_USER_SYMBOLS: '2' }, args: ['-e', 'BEGIN{exit()}'] },

  // BPFTRACE_LOG_SIZE must be a number (0.17 takes 0 and then fails to load anything; we do not).
  'log-size-invalid': { env: { BPFTRACE_LOG_SIZE: 'abc' }, args: ['-e', 'BEGIN{exit()}'] },
  'log-size-valid': { env: { BPFTRACE_LOG_SIZE: '100' }, args: ['-e', 'BEGIN{exit()}'] },

  // A record held by value must be defined (stderr: clang's lines in 0.17, our located error; see the test).
  'c-def-incomplete-member': { args: ['-e', 'struct foo { int a; struct bpfts_nope y; } BEGIN { exit(); }'], compare: ['stdout', 'exitCode'] },
  'c-def-incomplete-array': { args: ['-e', 'struct foo { struct bpfts_nope y[2]; } BEGIN { exit(); }'], compare: ['stdout', 'exitCode'] },
  'c-def-btf-member': {
    args: ['-e', 'struct foo { struct thread_info x; char c; } BEGIN { printf("%d\\n", sizeof(struct foo)); exit(); }'],
  },
};
