// Where tracefs is mounted (libbpf looks in the same two places).
import { existsSync } from 'node:fs';

let root: string | undefined;

export function tracefsRoot(): string {
  if (root) return root;
  root = existsSync('/sys/kernel/tracing/events') ? '/sys/kernel/tracing' : '/sys/kernel/debug/tracing';
  return root;
}
