// Browser entry for the frontend bundle (scripts/bundle-browser.mjs): puts the lint
// pipeline on globalThis so a page (or playwright's page.evaluate) can call it.
import { lintScript, renderLint } from './lint.js';

/** Fetches a kernel profile (gzipped or plain JSON) with browser APIs only, as a web linter would. */
async function fetchProfile(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).json();
}

/** Loads a profile once and keeps it in the page (too big to pass through page.evaluate each time). */
async function loadProfile(url: string): Promise<number> {
  const profile = await fetchProfile(url);
  (globalThis as Record<string, unknown>).kernelProfile = profile;
  return Object.keys((profile as { tracepoints: { events: object } }).tracepoints.events).length;
}

Object.assign(globalThis, { lintScript, renderLint, loadProfile });
