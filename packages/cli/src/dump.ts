// `-d` output: bpftrace 0.17's headers ("AST after: parser" and a dashed rule) for
// the ASTs, IR as plain text (so `-d ir` can be fed to llc), then the manifest.

import { printAst, type Program } from '@bpftrace-ts/parser';
import type { Manifest } from '@bpftrace-ts/codegen';

const RULE = '-------------------';

function section(title: string, body: string): string {
  return `\n${title}\n${RULE}\n${body.endsWith('\n') ? body : body + '\n'}\n`;
}

export function dumpAst(ast: Program, typed: boolean): string {
  return section(typed ? 'AST after: Semantic' : 'AST after: parser', printAst(ast, { typed }));
}

/** Plain `-d`/`-d ir` prints the IR alone, like 0.17's -d; -dd titles it as 0.17 does. */
export function dumpIr(ir: string, verbose: boolean): string {
  const text = ir.endsWith('\n') ? ir : ir + '\n';
  return verbose ? `\nAfter optimization\n------------------\n${text}` : text;
}

export function dumpManifest(manifest: Manifest, titled: boolean): string {
  const json = JSON.stringify(manifest, null, 2) + '\n';
  return titled ? `\nManifest\n--------\n${json}` : json;
}
