export * from './ast.js';
export * from './types.js';
export * from './diagnostic.js';
