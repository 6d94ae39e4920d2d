// Bundles the built CLI (packages/cli/dist) into a few ES modules in
// packages/cli/dist/bundle/: node then loads ~5 files instead of ~150, which is
// most of the CLI's start-up. koffi (native) stays external.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Chunk names carry content hashes: start empty so old chunks don't pile up.
rmSync(`${root}/packages/cli/dist/bundle`, { recursive: true, force: true });

await build({
  entryPoints: { cli: `${root}/packages/cli/dist/main.js` },
  outdir: `${root}/packages/cli/dist/bundle`,
  bundle: true,
  splitting: true, // the compiler and runtime stay lazy chunks, loaded only by commands that need them
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['koffi'],
  // Bundled CommonJS (commander) may call require(): give ESM one.
  banner: { js: "import { createRequire as __bpftsRequire } from 'node:module'; const require = __bpftsRequire(import.meta.url);" },
  logLevel: 'warning',
});
