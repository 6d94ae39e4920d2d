#!/bin/sh
# Records bpftrace 0.17's output (the oracle) for every NAME.bt in this directory:
#   NAME.expected       stdout of `bpftrace NAME.bt`
#   NAME.json.expected  stdout of `bpftrace -f json NAME.bt`
# stderr (RLIMIT_MEMLOCK warnings etc.) is discarded. Run as root.
# Usage: ./record.sh [NAME.bt ...]   (default: all scripts)
set -eu
cd "$(dirname "$0")"
[ "$#" -gt 0 ] || set -- *.bt
for f in "$@"; do
  n="${f%.bt}"
  timeout 30 bpftrace "$f" > "$n.expected" 2>/dev/null || echo "warning: $f exited $?" >&2
  timeout 30 bpftrace -f json "$f" > "$n.json.expected" 2>/dev/null || echo "warning: $f (json) exited $?" >&2
done
