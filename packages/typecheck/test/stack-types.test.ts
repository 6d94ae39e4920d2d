// kstack/ustack carry their depth and mode in the type, so codegen reads them from there
// wherever the value goes (variable, map key or value, tuple). bpftrace 0.17 lets one map
// slot hold stacks of two shapes and then fails at exit ("failed to look up stack id"):
// the two come from different stack maps. We refuse it where it is written.
import { describe, expect, it } from 'vitest';
import { checkSource, firstLine } from './helpers.js';

const typeOfMap = (src: string, name: string) => checkSource(src).program?.maps.get(name);

describe('stack types', () => {
  it('carry depth and mode from the call, bpftrace defaults for the builtins', () => {
    expect(typeOfMap('BEGIN { @a = kstack(perf, 3); }', '@a')?.value).toMatchObject({ kind: 'kstack', stack: { depth: 3, mode: 'perf' } });
    expect(typeOfMap('BEGIN { @a = ustack(5, bpftrace); }', '@a')?.value).toMatchObject({ kind: 'ustack', stack: { depth: 5, mode: 'bpftrace' } });
    expect(typeOfMap('BEGIN { @a = kstack; }', '@a')?.value).toMatchObject({ stack: { depth: 127, mode: 'bpftrace' } });
    // More than the kernel gives (perf_event_max_stack) is accepted up to 1024 and gets 127.
    expect(typeOfMap('BEGIN { @a[ustack(1000)] = 1; }', '@a')?.keyTypes[0]).toMatchObject({ stack: { depth: 127 } });
  });

  it('refuse two shapes in one map value, key or variable, with the shapes named', () => {
    const r = checkSource('BEGIN { @x = kstack(1); @x = kstack(3); @y[ustack(perf)] = 1; @y[ustack] = 2; $a = kstack; $a = kstack(perf); }');
    expect(r.diagnostics.map(firstLine)).toEqual([
      "stdin:1:25-27: ERROR: Type mismatch for @x: trying to assign value of type 'kstack(3)' when map already contains a value of type 'kstack(1)",
      'stdin:1:63-73: ERROR: Argument mismatch for @y: trying to access with arguments: [ustack] when map expects arguments: [ustack(perf)]',
      "stdin:1:92-94: ERROR: Type mismatch for $a: trying to assign value of type 'kstack(perf)' when variable already contains a value of type 'kstack'",
    ]);
    expect(checkSource('BEGIN { @ok = ustack(4); @ok = ustack(4); @k[kstack] = 1; @k[kstack(127)] = 2; }').diagnostics).toEqual([]);
  });
});
