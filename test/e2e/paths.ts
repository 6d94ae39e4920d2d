import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixturesDir = fileURLToPath(new URL('../../test-fixtures/e2e/', import.meta.url));
export const cliEntry = fileURLToPath(new URL('../../packages/cli/bin/bpftrace-ts.js', import.meta.url));
