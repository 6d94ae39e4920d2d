#!/usr/bin/env node
// Regenerates packages/cli/profiles/default.kprofile from the running kernel.
// Run after `npx tsc -b` (it uses dist/):  node packages/cli/scripts/make-default-profile.mjs [out]
import { fileURLToPath } from 'node:url';
import { writeProfileParts } from '@bpftrace-ts/typecheck';
import { linuxKernelSources } from '../dist/kernel/linux.js';
import { writeProfileFile } from '../dist/kernel/profile-file.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../profiles/default.kprofile', import.meta.url));
const started = performance.now();
const sources = linuxKernelSources();
const { profile, btf } = writeProfileParts(sources);
const bytes = writeProfileFile(out, profile, btf);
const tps = Object.values(profile.tracepoints.events).reduce((n, evs) => n + evs.length, 0);
console.log(`${out}: kernel ${profile.kernelRelease}, ${tps} tracepoints in ${profile.tracepoints.shapes.length} shapes ` +
  `(${profile.tracepoints.fields.length} distinct fields), BTF ${btf ? Math.round(btf.length / 1024) : 0} KiB raw; ` +
  `${(bytes / 1024 / 1024).toFixed(2)} MiB, ${Math.round(performance.now() - started)} ms`);
console.log('features:', JSON.stringify(profile.features));
