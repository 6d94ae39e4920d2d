#!/usr/bin/env bash
# One-time setup of a fresh Debian machine: system packages, npm dependencies, build.
# Safe to run again. Needs root for apt-get and for mounting tracefs.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

# llc turns our LLVM IR into BPF objects: llvm-14 (bpftrace 0.17's) and llvm-19 (the newest
# in Debian 12's main archive), so the codegen tests compile with both and the CLI uses the
# newest (packages/codegen/README.md); libbpf1 is what the runtime loads;
# bpftrace 0.17 is the reference the tests compare with; bpftool checks that
# objects load and that nothing stays attached; gcc and g++ build test workloads (C and C++);
# clang-14 builds the runtime's own test programs; time (/usr/bin/time) gives `npm run bench`
# the peak RSS of each tracer run.
PKGS="llvm-14 llvm-19 libbpf1 libbpf-dev bpftrace bpftool gcc g++ clang-14 chromium systemtap-sdt-dev time"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ] && command -v apt-get >/dev/null; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# Tracing needs tracefs, and pinning objects (bpftool prog loadall, used by the
# tests) needs the BPF filesystem; some VMs boot with neither mounted.
if [ -d /sys/kernel/tracing ] && [ ! -e /sys/kernel/tracing/events ]; then
  $SUDO mount -t tracefs nodev /sys/kernel/tracing || true
fi
# bpftrace 0.17 (the reference, for recordings and `npm run bench`) reads tracing
# files under /sys/kernel/debug/tracing.
if [ -d /sys/kernel/debug ] && ! grep -q ' /sys/kernel/debug ' /proc/self/mountinfo; then
  $SUDO mount -t debugfs nodev /sys/kernel/debug || true
fi
if [ -d /sys/fs/bpf ] && ! grep -q ' /sys/fs/bpf ' /proc/self/mountinfo; then
  $SUDO mount -t bpf bpf /sys/fs/bpf || true
fi

npm ci --no-fund --no-audit
npm run build
