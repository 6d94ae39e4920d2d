// Probe listing, expansion, C headers and definitions, BTF and the BPFTRACE_* variables,
// against what bpftrace 0.17 did in the same cases (drop-in-probe-cases.mjs, recorded into
// fixtures/bpftrace-drop-in-probes.json by `record-drop-in.mjs --set probes`).
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, isRoot } from './helpers.js';
import { dropInChecker } from './drop-in-check.js';

const { check, run, RECORDED } = await dropInChecker('probes');

beforeAll(ensureBuilt);
const rootIt = isRoot ? it : it.skip;
if (!isRoot) console.warn('SKIPPED drop-in probe tests: not running as root');

describe('-l', () => {
  rootIt('a search is read by the program lexer: invalid characters, open strings', () => {
    check('list-invalid-character');
    check('list-unterminated-string');
  });
  rootIt('uretprobes of a file, when the search names the type', () => {
    check('list-uretprobes');
    check('list-uretprobes-alias');
    check('list-uprobe-types-wildcard');
    check('list-uretprobes-missing-file');
  });
});

describe('probe expansion', () => {
  rootIt('a kprobe of an unknown function, in a clause reading `probe`, matches nothing', () => {
    check('kprobe-probe-builtin-unknown-function');
    check('kprobe-probe-builtin-nothing-left');
  });
});

describe('str($N) where a string literal is expected', () => {
  rootIt('is the parameter: kaddr(str($1))', () => check('kaddr-positional-str'));
  rootIt('printf(str($1)) prints the parameter (bpftrace 0.17 prints the word "str", a bug)', () => {
    const recorded = RECORDED['printf-positional-str']!;
    expect(recorded.stdout).toBe('Attaching 1 probe...\nstr\n\n');
    expect(run('printf-positional-str').stdout).toBe('Attaching 1 probe...\nhello\n\n');
  });
});

describe('BTF enums', () => {
  rootIt('enumerators are integer constants, sizeof() of them that of an integer constant', () => {
    check('btf-enum-values');
    check('sizeof-enumerators');
  });
});

describe('statements', () => {
  rootIt('a ternary whose arms have no value (printf, exit) runs one arm', () => check('ternary-void-arms'));
});

describe('-k, -kk', () => {
  rootIt('-k: a failed map_delete_elem is a warning at the delete()', () => check('k-delete-missing-key'));
  rootIt('-kk: a map_lookup_elem that finds nothing is a warning at the read (-k alone: quiet)', () => {
    check('k-lookup-quiet');
    check('kk-lookup-missing-key');
  });
  rootIt('-kk in JSON: reads, @x++ (one lookup) and aggregations', () => check('kk-lookups-json'));
});

describe('usdt', () => {
  rootIt('arguments at base + index + offset (libbpf 1.1 cannot read them)', () => check('usdt-index-operands'));
});

describe('#include, -I, --include', () => {
  rootIt('a header that is not there is an error (the #include line, --include)', () => {
    check('include-missing-header');
    check('include-dir-missing');
    check('include-option-missing');
  });
  rootIt('"x.h" from the current directory; <x.h> from -I directories, nested includes followed', () => {
    check('include-quoted-cwd');
    check('include-dir');
  });
  rootIt('#if blocks of headers are decided', () => check('include-disabled-macro'));
  rootIt('--include FILE', () => check('include-option'));
  rootIt('system headers: errno.h, sys/socket.h, netinet/in.h', () => check('include-system-headers'));
});

describe('BPFTRACE_* variables', () => {
  rootIt('BPFTRACE_MAX_PROBES: more attach points than that is refused before attaching', () => {
    for (const n of ['max-probes-exceeded', 'max-probes-zero', 'max-probes-at-limit', 'max-probes-invalid']) check(n);
  });
  rootIt('BPFTRACE_BTF: kernel types from that file; a missing file is an error (bpftrace 0.17 crashes: SIGSEGV)', () => {
    check('btf-path');
    expect(RECORDED['btf-path-missing']!.exitCode).toBe(null); // killed by the signal
    const r = check('btf-path-missing');
    expect([r.code, r.stderr]).toEqual([1, "ERROR: BPFTRACE_BTF: cannot read '/nonexistent/bpfts-btf': No such file or directory\n"]);
  });
  rootIt('C++ user symbols demangled, or not (BPFTRACE_NO_CPP_DEMANGLE), or addresses (BPFTRACE_NO_USER_SYMBOLS)', () => {
    for (const n of ['user-symbols-demangled', 'user-symbols-mangled', 'user-symbols-none', 'user-symbols-invalid', 'user-symbols-invalid-2']) check(n);
  });
});

describe('BPFTRACE_LOG_SIZE', () => {
  rootIt('must be a number', () => {
    check('log-size-invalid');
    check('log-size-valid');
  });
});

describe('C definitions', () => {
  rootIt('a member of an undefined record type is an error, in clang\'s words', () => {
    for (const [name, words] of [
      ['c-def-incomplete-member', "field has incomplete type 'struct bpfts_nope'"],
      ['c-def-incomplete-array', "array has incomplete element type 'struct bpfts_nope'"],
    ] as const) {
      expect(RECORDED[name]!.stderr).toContain(`error: ${words}`);
      expect(check(name).stderr).toContain(`ERROR: Cannot parse C definition: ${words}`);
    }
  });
  rootIt('a new record may embed a kernel (BTF) record', () => check('c-def-btf-member'));
});
