import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@bpftrace-ts/parser': pkg('parser'),
      '@bpftrace-ts/typecheck': pkg('typecheck'),
      '@bpftrace-ts/artifact': pkg('artifact'),
      '@bpftrace-ts/codegen': pkg('codegen'),
      '@bpftrace-ts/libbpf-ts': pkg('libbpf-ts'),
      '@bpftrace-ts/runtime': pkg('runtime'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
