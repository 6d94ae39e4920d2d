// Debian's bpftrace tools (/usr/sbin/*.bt): the real-world corpus several suites read.
// Read where they are installed, at test time; never copied into the repo.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const TOOLS_DIR = '/usr/sbin';

/** File names of the installed tools, sorted; empty where bpftrace is not installed. */
export const toolNames: readonly string[] = existsSync(TOOLS_DIR)
  ? readdirSync(TOOLS_DIR).filter((f) => f.endsWith('.bt')).sort()
  : [];

export const toolPath = (name: string): string => `${TOOLS_DIR}/${name}`;

export const readTool = (name: string): string => readFileSync(toolPath(name), 'utf8');
