// Browser entry for the frontend bundle (scripts/bundle-browser.mjs): puts the lint
// pipeline on globalThis so a page (or playwright's page.evaluate) can call it.
import { isProfileContainer, unpackProfileContainer } from '@bpftrace-ts/typecheck';
import { lintScript, renderLint, type LoadedProfile } from './lint.js';

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Fetches a kernel profile with browser APIs only, as a web linter would: the binary container
 * (gzipped JSON + gzipped raw BTF, each inflated with DecompressionStream), or gzipped/plain JSON.
 */
async function fetchProfile(url: string): Promise<LoadedProfile> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  let bytes: Uint8Array = new Uint8Array(await res.arrayBuffer());
  if (isProfileContainer(bytes)) {
    const sections = unpackProfileContainer(bytes);
    const json = JSON.parse(new TextDecoder().decode(await gunzip(sections.json)));
    return sections.btf ? { json, btf: await gunzip(sections.btf) } : { json };
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(bytes);
  return { json: JSON.parse(new TextDecoder().decode(bytes)) };
}

/** Loads a profile once and keeps it in the page (too big to pass through page.evaluate each time). */
async function loadProfile(url: string): Promise<number> {
  const profile = await fetchProfile(url);
  (globalThis as Record<string, unknown>).kernelProfile = profile;
  return Object.keys((profile.json as { tracepoints: { events: object } }).tracepoints.events).length;
}

Object.assign(globalThis, { lintScript, renderLint, loadProfile });
