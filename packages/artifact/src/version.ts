// What a reader must understand to use an artifact.
//
// The rule: `version` is the format's major version. It goes up when a change would make a
// reader that knows only the previous version print wrong output or fail obscurely: a new
// event kind, value layout or attach type, a field whose absence an older reader would
// misread, a changed meaning. Readers accept every version from 2 (the first that names its
// format) up to their own, and refuse a newer one with one line. Fields that readers may safely ignore can be added without a bump, and
// a reader ignores fields it does not know.
//
// History: 1 — the manifest as first written (no `format`, fields added along the way);
// 2 — `format` names the JSON; every field added under 1 is part of it; `params`.

export const ARTIFACT_FORMAT = 'bpftrace-ts-artifact';
export const ARTIFACT_VERSION = 2;
/** The oldest version this reader still reads. */
export const MIN_ARTIFACT_VERSION = 2;

/** Why a reader of ARTIFACT_VERSION cannot read this format/version pair, or undefined if it can. */
export function versionProblem(format: unknown, version: unknown): string | undefined {
  if (format !== ARTIFACT_FORMAT) {
    return format === undefined
      ? `no "format" field: not a ${ARTIFACT_FORMAT} manifest (or one older than version 2: recompile the script)`
      : `"format" is ${JSON.stringify(format)}, not "${ARTIFACT_FORMAT}"`;
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return `"version" must be a positive integer, got ${JSON.stringify(version)}`;
  }
  if (version > ARTIFACT_VERSION) {
    return `artifact format version ${version} is newer than this runtime reads (${ARTIFACT_VERSION}): upgrade @bpftrace-ts/runtime or recompile with this version's compiler`;
  }
  if (version < MIN_ARTIFACT_VERSION) {
    return `artifact format version ${version} is older than this runtime reads (${MIN_ARTIFACT_VERSION} to ${ARTIFACT_VERSION}): recompile the script`;
  }
  return undefined;
}
