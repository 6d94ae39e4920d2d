export * from './checked.js';
export * from './kernel/kernel-info.js';
