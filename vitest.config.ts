import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));
const pkg = (name: string) => src(`${name}/src/index.ts`);

export default defineConfig({
  resolve: {
    // Exact names (a bare string would also rewrite subpaths such as @bpftrace-ts/runtime/io).
    alias: [
      ...['parser', 'typecheck', 'artifact', 'codegen', 'libbpf-ts', 'runtime'].map((name) => ({ find: new RegExp(`^@bpftrace-ts/${name}$`), replacement: pkg(name) })),
      { find: /^@bpftrace-ts\/runtime\/io$/, replacement: src('runtime/src/runner/io.ts') },
      { find: /^@bpftrace-ts\/runtime\/output$/, replacement: src('runtime/src/output/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
