// Reached by the CLI through `@bpftrace-ts/runtime/io`, which loads no native code.
/** strerror-like text for the common errno codes, so messages read like bpftrace's. */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT': return 'No such file or directory';
    case 'EACCES': return 'Permission denied';
    case 'EISDIR': return 'Is a directory';
    case 'ENOTDIR': return 'Not a directory';
    case 'EPERM': return 'Operation not permitted';
    default: return e instanceof Error ? e.message : String(e);
  }
}
