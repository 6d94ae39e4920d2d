// Usage text: bpftrace 0.17's layout (USAGE, OPTIONS, TROUBLESHOOTING OPTIONS,
// ENVIRONMENT, EXAMPLES), in our words, plus our subcommands.

export function usageText(): string {
  return `USAGE:
    bpftrace-ts [options] FILE [ARGS...]
    bpftrace-ts [options] - [ARGS...]          (program read from stdin)
    bpftrace-ts [options] -e 'program' [ARGS...]
    bpftrace-ts compile FILE [ARGS...] -o OUT.o [--kernel-profile FILE] [-k]
    bpftrace-ts run [-f FORMAT] [-o FILE] [-B MODE] [-c 'CMD'] [-p PID] [-q] OUT.o [ARGS...]
    bpftrace-ts lint [--format text|json|sarif] [--kernel-profile FILE] [--unsafe] FILE...
    bpftrace-ts profile -o FILE

    ARGS become the positional parameters $1..$N ($# is their count). Options may
    also follow FILE; put \`--\` before parameters that start with a dash.
    A script named compile, run, lint or profile must be written ./compile etc.

OPTIONS:
    -B MODE        output buffering: 'full', 'line' or 'none'
    -f FORMAT      output format: 'text' (default) or 'json'
    -o FILE        write the program's output to FILE instead of stdout
    -e 'program'   run this program text
    -h, --help     print this help and exit
    -I DIR         add DIR to the include search path
    --include FILE #include FILE before the program
    -l [search]    list probes (tracepoints, BEGIN/END, software events) matching search
    -p PID         attach USDT and uprobes in process PID only
    -c 'CMD'       run CMD, trace it, and stop when it exits
    --usdt-file-activation
                   activate USDT semaphores by file path
    --unsafe       allow unsafe functions (system, signal, ...)
    -q             quiet: no "Attaching N probes..." message
    --info         print what this kernel supports for BPF tracing
    -k             warn when a BPF helper returns an error (except reads)
    -kk            check every BPF helper call
    -V, --version  print the version and exit
    --no-warnings  do not print warnings

TROUBLESHOOTING OPTIONS:
    -v                      verbose messages
    -d                      (dry run) print every stage: AST, typed AST, LLVM IR, manifest
    -d STAGE                (dry run) print one stage: ast, checked, ir or manifest
    -dd                     (dry run) verbose debug output
    --emit-elf FILE         (dry run) write the BPF ELF object to FILE
    --emit-llvm FILE        write the LLVM IR to FILE.original.ll and FILE.optimized.ll

ENVIRONMENT:
    BPFTRACE_STRLEN             [default: 64] bytes of a string read by str()
    BPFTRACE_MAP_KEYS_MAX       [default: 4096] most keys a map can hold
    BPFTRACE_CAT_BYTES_MAX      [default: 10k] most bytes cat() reads
    BPFTRACE_MAX_PROBES         [default: 512] most probes a program may attach
    BPFTRACE_PERF_RB_PAGES      [default: 64] pages for the event ring buffer
    BPFTRACE_TS_LLC             [default: newest /usr/lib/llvm-N/bin/llc] the llc (LLVM 14+) that compiles programs

EXAMPLES:
bpftrace-ts -l '*sleep*'
    list probes whose name contains "sleep"
bpftrace-ts -e 'tracepoint:syscalls:sys_enter_nanosleep { printf("PID %d sleeping...\\n", pid); }'
    print each process that starts to sleep
bpftrace-ts -e 'tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }'
    count system calls by process name
bpftrace-ts lint --format sarif scripts/*.bt > lint.sarif
    check scripts without root and report for code scanning
`;
}
