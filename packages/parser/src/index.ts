export * from './ast.js';
export * from './types.js';
export * from './diagnostic.js';
export { parse, type ParseOptions, type ParseResult } from './parse.js';
export { MAX_NESTING } from './nesting.js';
export { printAst, attachPointName, typeNameText, type PrintOptions } from './printer.js';
export { formatTypeBpftrace, typeText } from './format-type.js';
export { renderDiagnostic, renderDiagnostics } from './render.js';
export { isBuiltinName } from './builtins.js';
