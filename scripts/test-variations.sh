#!/usr/bin/env bash
# The tests again under conditions that must not change their outcome (after `npm test`,
# which builds): the whole suite in a time zone east of UTC and in one west of it (so
# no test depends on the zone, not only those that render dates), and a user without root, as whom the frontend and output tests pass
# and every kernel test skips with a loud SKIPPED line. Run as root from the repo root.
#   bash scripts/test-variations.sh            # all three
#   bash scripts/test-variations.sh tz|nonroot # one kind
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WHAT=${1:-all}

EAST=Pacific/Kiritimati   # 14 h east of UTC: the date is often a day ahead of UTC's
WEST=Pacific/Pago_Pago    # 11 h west of UTC: and a day behind

if [[ $WHAT == all || $WHAT == tz ]]; then
  for zone in "$EAST" "$WEST"; do
    echo "== TZ=$zone: npx vitest run"
    TZ=$zone npx vitest run
  done
fi

if [[ $WHAT == all || $WHAT == nonroot ]]; then
  USER_NAME=bpfts-nobody
  if [[ $(id -u) -ne 0 ]]; then echo "the non-root run needs root to switch user" >&2; exit 1; fi
  id -u "$USER_NAME" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$USER_NAME"
  # A copy the user owns (vitest writes its cache under node_modules), builds included,
  # in a fresh directory.
  COPY=$(mktemp -d "${TMPDIR:-/tmp}/bpftrace-ts-nonroot-XXXXXX")
  trap 'rm -rf "$COPY"' EXIT
  tar --exclude=./.git -cf - . | tar -xf - -C "$COPY"
  chown -R "$USER_NAME" "$COPY"
  LOG=$(mktemp "${TMPDIR:-/tmp}/bpftrace-ts-nonroot-log-XXXXXX")
  echo "== as $USER_NAME (not root): npx vitest run (kernel tests must skip loudly)"
  set +e
  runuser -u "$USER_NAME" -- env -i PATH="$PATH" HOME="$COPY" TMPDIR=/tmp CI="${CI:-}" \
    bash -c 'cd "$1" && npx vitest run' _ "$COPY" 2>&1 | tee "$LOG"
  status=${PIPESTATUS[0]}
  set -e
  skipped=$(grep -c 'SKIPPED' "$LOG" || true)
  rm -f "$LOG"
  echo "== non-root run: exit $status, $skipped SKIPPED lines"
  if [[ $status -ne 0 ]]; then exit "$status"; fi
  if [[ $skipped -eq 0 ]]; then echo "no SKIPPED line: the kernel tests did not say they skipped" >&2; exit 1; fi
fi
