#!/usr/bin/env bash
# Which of the tools Debian's bpftrace installs (/usr/sbin/*.bt) start here, under bpftrace
# 0.17 and under our CLI: each runs for 4 s (then SIGINT); "runs" means it attached and
# ended by the signal (or by itself with status 0). Needs root; takes about 6 minutes.
#   bash scripts/tools-survey.sh        # prints one line per tool and the two counts
set -uo pipefail
cd "$(dirname "$0")/.."
OURS=$PWD/node_modules/.bin/bpftrace-ts
LOCK=/tmp/bpftrace-ts-kernel.lock
ran_ref=0 ran_ours=0 total=0
outcome() {  # impl script -> "runs" or the first error line
  local f rc
  f=$(mktemp)
  flock "$LOCK" timeout -s INT 4 "$1" "$2" >"$f" 2>&1
  rc=$?
  if [[ $rc -eq 124 || $rc -eq 0 ]]; then echo runs; else echo "exit $rc: $(grep -v RLIMIT "$f" | grep -m1 -i error | cut -c1-120)"; fi
  rm -f "$f"
}
for t in /usr/sbin/*.bt; do
  total=$((total + 1))
  ref=$(outcome bpftrace "$t"); ours=$(outcome "$OURS" "$t")
  [[ $ref == runs ]] && ran_ref=$((ran_ref + 1))
  [[ $ours == runs ]] && ran_ours=$((ran_ours + 1))
  printf '%-16s bpftrace 0.17: %s\n%-16s bpftrace-ts:   %s\n' "$(basename "$t")" "$ref" "" "$ours"
done
echo "runs here: bpftrace 0.17 $ran_ref of $total, bpftrace-ts $ran_ours of $total"
