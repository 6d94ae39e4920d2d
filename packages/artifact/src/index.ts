// @bpftrace-ts/artifact: the contract between the bpftrace-ts compiler and its runtime.
// No Node built-ins: it runs wherever JavaScript does.
export * from './manifest.js';
export { ARTIFACT_FORMAT, ARTIFACT_VERSION, MIN_ARTIFACT_VERSION, versionProblem } from './version.js';
export { MANIFEST_SECTION, embedManifest, readArtifact, validateManifest, type ArtifactResult, type EmbedResult, type ManifestResult } from './artifact.js';
export { applyParams, paramInt, type ParamsResult } from './params.js';
export { type ArtifactError, type ArtifactErrorKind } from './errors.js';
export { readElf, elfSymbols, type Elf, type ElfSection, type ElfSymbol } from './elf.js';
export * from './usdt-spec.js';
