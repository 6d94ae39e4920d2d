// Splits a -c command line into argv the way bpftrace does: at each space, and nowhere
// else. Quotes and backslashes are kept as written (bpftrace's own test suite runs
// `-c "./testprogs/syscall execve /bin/echo 'A'"` and expects the argument `'A'`); for
// quoting or expansion, run `sh -c '...'`. bpftrace 0.17 also passes the empty words that
// runs of spaces make (`a  b` gives "a", "", "b"; a leading space gives an empty command
// name it fails to start): we drop them, as later bpftrace versions do.

export type SplitResult = { ok: true; argv: string[] } | { ok: false; message: string };

export function splitCommand(line: string): SplitResult {
  const argv = line.split(' ').filter((w) => w !== '');
  if (argv.length === 0) return { ok: false, message: 'empty command' };
  return { ok: true, argv };
}
