// Kernel I/O for the CLI: the live kernel (linux.ts) and saved profiles (profile-file.ts).
export { linuxKernelInfo, linuxKernelSources, findTracefs, detectFeatures, kernelVersion, type LinuxKernelOptions } from './linux.js';
export {
  writeProfileFile, readProfileFile, readProfileJson, defaultProfilePath, readDefaultProfile,
  ProfileFileError, MAX_PROFILE_FILE_BYTES, MAX_PROFILE_INFLATED_BYTES,
} from './profile-file.js';
