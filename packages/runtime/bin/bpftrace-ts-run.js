#!/usr/bin/env node
// Runs a compiled script (`bpftrace-ts compile script.bt -o script.o`) with only the runtime
// installed: no parser, type checker, code generator or llc needed.
import { basename } from 'node:path';

// Our comm is the name we were run as: BEGIN and END run in this process.
process.title = basename(process.argv[1] ?? 'bpftrace-ts-run');
const { runnerMain } = await import('../dist/runner/main.js');
runnerMain(process.argv.slice(2)).then((code) => { process.exitCode = code; });
