// The same wording as the CLI's source.ts (which cannot import this without loading the
// runtime's native addon, and lint must not): keep the two tables in step.
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
