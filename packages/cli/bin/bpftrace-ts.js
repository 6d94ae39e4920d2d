#!/usr/bin/env node
// The bundle (scripts/bundle-cli.mjs) starts faster; dist/main.js is the same code unbundled.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';

// Our comm is the name we were run as, like a native binary's ("bpftrace-ts", or "bpftrace"
// through a symlink), not "node": BEGIN and END run in this process, so `comm` there is ours.
process.title = basename(process.argv[1] ?? 'bpftrace-ts');

const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/main.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
