// Pure output rendering for bpftrace-ts: maps, printf and values, byte-for-byte as bpftrace 0.17.
export { renderMap, renderExitMaps, EXIT_SEPARATOR, type MapEntry, type RenderContext, type OutputFormat } from './render-map.js';
export { formatPrintf, formatWithArgs, splitFormat, snprintf1, type PrintfArg } from './printf.js';
export { renderAttached, renderPrintfOutput, renderPrintValue } from './events.js';
export { decodeValue, decodeKey, textOf, jsonOf, keyText, keyJsonName, compareKeys, type Decoded } from './layouts.js';
export { readInt, readU64, readI64, readCString } from './bytes.js';
export { renderSpecial, ntop4, ntop6, pointerText, type Resolvers, type ValueContext } from './values.js';
export { combine, average, type Combined } from './combine.js';
export { histText, histJson, type HistShape } from './hist.js';
export { jsonString } from './json-string.js';
export { stackText, frameText, type StackFrame } from './stacks.js';
export { renderTime, renderJoin } from './time-join.js';
export { strftime, formatTimestamp } from './strftime.js';
export { renderHelperError, type HelperErrorSite } from './helper-error.js';
