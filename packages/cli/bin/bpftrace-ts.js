#!/usr/bin/env node
// The bundle (scripts/bundle-cli.mjs) starts faster; dist/main.js is the same code unbundled.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/main.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
