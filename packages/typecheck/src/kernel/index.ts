// The kernel side of the frontend: the KernelInfo contract and the pure readers behind it.
export * from './kernel-info.js';
export { parseTracepointFormat, parseFieldDecl, type TracepointFormatOptions } from './tracepoint-format.js';
export { cTypeFromText, cElemTypeFromText, cTypeSize, type TypedefResolver } from './c-type-text.js';
export { parseBtf, type Btf } from './btf/btf.js';
export { anonRecordId, anonRecordName } from './btf/btf-resolve.js';
export { createKernelInfo, type KernelInfoSources } from './create-kernel-info.js';
export {
  writeProfile, writeProfileParts, readProfile, PROFILE_FORMAT, PROFILE_VERSION,
  type KernelProfile, type KernelProfileParts, type ProfileBtf, type ProfileField, type ProfileEvent, type WriteProfileOptions,
} from './profile.js';
export {
  packProfileContainer, unpackProfileContainer, isProfileContainer, PROFILE_CONTAINER_VERSION, type ProfileSections,
} from './profile-container.js';
export { encodeBase64, decodeBase64 } from './base64.js';
export { kernelInfoProblem, describeValue, KernelDataError } from './kernel-info-shape.js';
