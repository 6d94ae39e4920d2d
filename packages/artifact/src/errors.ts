// Errors are values: a kind for programs, one line for people.

export type ArtifactErrorKind =
  | 'not-elf'           // not an ELF file at all (or empty)
  | 'truncated'         // the file ends before something its headers point to
  | 'wrong-class'       // a 32-bit ELF: BPF objects are ELF64
  | 'wrong-byte-order'  // a big-endian object: this reader (and the manifest's layouts) are little-endian
  | 'wrong-machine'     // an ELF for a CPU, not for BPF
  | 'malformed'         // headers that contradict themselves
  | 'no-manifest'       // a BPF object without the manifest section (compiled by something else)
  | 'bad-json'          // the manifest section is not UTF-8 JSON
  | 'unsupported-version' // no format field, or a version this reader does not read
  | 'invalid-manifest'  // a field of the wrong type, or one naming something absent
  | 'object-mismatch'   // the manifest names a map or program that the object lacks
  | 'already-embedded'  // embedding into an object that already has a manifest
  | 'bad-params';       // a run's positional parameters do not fit the compiled program

export interface ArtifactError {
  kind: ArtifactErrorKind;
  /** One line, without a trailing newline; names the field or byte offset at fault. */
  message: string;
}

export const artifactError = (kind: ArtifactErrorKind, message: string): ArtifactError => ({ kind, message });
