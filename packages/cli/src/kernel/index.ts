// Kernel I/O for the CLI: the live kernel (linux.ts) and saved profiles (profile-file.ts).
export { linuxKernelInfo, linuxKernelSources, findTracefs, detectFeatures, kernelVersion, type LinuxKernelOptions } from './linux.js';
export { writeProfileFile, readProfileFile, readProfileJson, defaultProfilePath, readDefaultProfile } from './profile-file.js';
