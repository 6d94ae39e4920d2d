// Proves the frontend (parser + typecheck) runs in a real browser: bundle it with esbuild for
// platform 'browser' (which fails on any node:* import), serve it from 127.0.0.1, load it in
// Debian's chromium through playwright-core, and check that lintScript there returns exactly
// what the same code returns in node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleBrowser } from '../../scripts/bundle-browser.mjs';
import { isProfileContainer, unpackProfileContainer } from '@bpftrace-ts/typecheck';
import { lintScript, renderLint, type LoadedProfile } from './lint.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROFILE = join(ROOT, 'packages/cli/profiles/default.kprofile');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`\n!!! ${CHROMIUM} not found: SKIPPED the browser test. Run scripts/setup.sh (installs chromium). !!!\n`);
}

const PAGE = `<!doctype html>
<meta charset="utf-8"><title>bpftrace-ts lint</title>
<link rel="icon" href="data:,">
<script type="module">
  import './frontend.js';
  document.title = 'ready';
</script>`;

const SCRIPTS = {
  clean: 'BEGIN { printf("hi\\n"); exit(); }',
  syntax: 'BEGIN { @x = }',
  mapMismatch: 'BEGIN { @x = count(); @x = 1; }',
  undefinedVar: 'BEGIN {\n  $a = 1;\n  print($b);\n}',
};

function range(l1: number, c1: number, l2: number, c2: number) {
  return {
    start: expect.objectContaining({ line: l1, column: c1 }),
    end: expect.objectContaining({ line: l2, column: c2 }),
  };
}

describe('browser bundle guard', () => {
  it('fails the build when anything imports a Node built-in or a non-browser package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-bundle-'));
    try {
      for (const [name, text, pattern] of [
        ['prefixed.ts', `import { readFileSync } from 'node:fs'; console.log(readFileSync);`, /Node built-in "node:fs"/],
        ['bare.ts', `import * as path from 'path'; console.log(path);`, /Node built-in "path"/],
        ['runtime.ts', `import * as rt from '@bpftrace-ts/runtime'; console.log(rt);`, /not a browser package/],
      ] as const) {
        writeFileSync(join(dir, name), text);
        await expect(bundleBrowser({ entry: join(dir, name) })).rejects.toThrow(pattern);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveChromium)('lint in chromium', () => {
  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let base = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const t0 = performance.now();
    const bundle = await bundleBrowser();
    const t1 = performance.now();

    // The bundle must come from the packages' src, and only from parser and typecheck.
    const ours = Object.keys(bundle.metafile.inputs).filter((p) => p.includes('packages/'));
    expect(ours.length).toBeGreaterThan(0);
    for (const p of ours) expect(relative(ROOT, p)).toMatch(/^packages\/(parser|typecheck)\/src\//);

    const files: Record<string, [string, string | Buffer]> = {
      '/': ['text/html; charset=utf-8', PAGE],
      '/frontend.js': ['text/javascript; charset=utf-8', bundle.code],
    };
    if (existsSync(PROFILE)) files['/profile.kprofile'] = ['application/octet-stream', readFileSync(PROFILE)];
    server = createServer((req, res) => {
      const f = files[new URL(req.url ?? '/', 'http://x').pathname];
      if (!f) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': f[0], 'cache-control': 'no-store' }).end(f[1]);
    });
    await new Promise<void>((ok, fail) => server!.once('error', fail).listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // launch() gives the browser a fresh temporary user-data-dir of its own and removes it on close.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 20_000,
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`); });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.title === 'ready' && typeof (globalThis as any).lintScript === 'function', null, { timeout: 10_000 });
    const t2 = performance.now();
    console.log(`browser test: bundle ${(bundle.bytes / 1024).toFixed(1)} KiB in ${(t1 - t0).toFixed(0)} ms; ` +
      `chromium ${browser.version()} up and bundle loaded in ${(t2 - t1).toFixed(0)} ms`);
  }, 45_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  });

  const inBrowser = (src: string) => page.evaluate((s) => (globalThis as any).lintScript(s), src);
  const renderedInBrowser = (src: string) => page.evaluate((s) => (globalThis as any).renderLint(s) as string, src);

  it('runs without page errors', () => {
    expect(pageErrors).toEqual([]);
  });

  it('a clean script has no diagnostics', async () => {
    const diags = await inBrowser(SCRIPTS.clean);
    expect(diags).toEqual([]);
    expect(diags).toEqual(lintScript(SCRIPTS.clean));
  });

  it('a syntax error is one parse error at the right line and column', async () => {
    const diags = await inBrowser(SCRIPTS.syntax);
    expect(diags).toEqual([expect.objectContaining({
      severity: 'error', code: 'parse/syntax', message: 'syntax error, unexpected }', file: 'stdin', range: range(1, 14, 1, 15),
    })]);
    expect(diags).toEqual(lintScript(SCRIPTS.syntax));
    expect(await renderedInBrowser(SCRIPTS.syntax)).toBe('stdin:1:14-15: ERROR: syntax error, unexpected }\nBEGIN { @x = }\n             ~\n');
  });

  it('a map assigned two types is check()\'s error with its range', async () => {
    const diags = await inBrowser(SCRIPTS.mapMismatch);
    expect(diags).toEqual([expect.objectContaining({
      severity: 'error', code: 'type/map-value-mismatch', range: range(1, 23, 1, 25),
      message: expect.stringContaining('Type mismatch for @x'),
    })]);
    expect(diags).toEqual(lintScript(SCRIPTS.mapMismatch));
    expect(await renderedInBrowser(SCRIPTS.mapMismatch)).toBe(renderLint(SCRIPTS.mapMismatch));
  });

  it('an undefined variable on line 3 is check()\'s error with its range', async () => {
    const diags = await inBrowser(SCRIPTS.undefinedVar);
    expect(diags).toEqual([expect.objectContaining({
      severity: 'error', code: 'type/undefined-variable', message: 'Undefined or undeclared variable: $b', range: range(3, 3, 3, 11),
    })]);
    expect(diags).toEqual(lintScript(SCRIPTS.undefinedVar));
    expect(await renderedInBrowser(SCRIPTS.undefinedVar)).toBe(renderLint(SCRIPTS.undefinedVar));
  });

  // The kernel profile path: the binary container fetched and its sections gunzipped with browser
  // APIs (DecompressionStream), then readProfile + BTF parsing in the page. Node reads the same
  // file with zlib.
  it.skipIf(!existsSync(PROFILE))('checks tracepoint args and BTF structs against the default kernel profile', async () => {
    const t0 = performance.now();
    const categories = await page.evaluate((url) => (globalThis as any).loadProfile(url) as Promise<number>, `${base}/profile.kprofile`);
    expect(categories).toBeGreaterThan(0);
    const file = readFileSync(PROFILE);
    expect(isProfileContainer(file)).toBe(true);
    const sections = unpackProfileContainer(file);
    const profile: LoadedProfile = {
      json: JSON.parse(gunzipSync(sections.json).toString('utf8')), btf: new Uint8Array(gunzipSync(sections.btf!)),
    };
    const withProfile = (src: string) => page.evaluate((s) => (globalThis as any).lintScript(s, (globalThis as any).kernelProfile), src);

    const scripts = [
      'tracepoint:syscalls:sys_enter_openat { printf("%s\\n", str(args->filename)); }',
      'tracepoint:syscalls:sys_enter_openat { printf("%s\\n", str(args->nosuch)); }',
      'kprobe:do_nanosleep { $t = (struct task_struct *)curtask; print($t->nosuchfield); }',
    ];
    const browserDiags = [];
    for (const s of scripts) browserDiags.push(await withProfile(s));
    console.log(`browser test: profile fetched, gunzipped and 3 scripts checked in ${(performance.now() - t0).toFixed(0)} ms`);

    expect(browserDiags[0]).toEqual([]);
    expect(browserDiags[1]).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining("field named 'nosuch'") })]);
    expect(browserDiags[2]).toEqual([expect.objectContaining({
      severity: 'error', message: expect.stringContaining("'struct task_struct' does not contain a field named 'nosuchfield'"),
    })]);
    expect(browserDiags).toEqual(scripts.map((s) => lintScript(s, profile)));
  });
});
