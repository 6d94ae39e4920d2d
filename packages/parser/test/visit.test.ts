// The table of node children (src/visit.ts) against real ASTs: every property of every
// node that holds a node must be listed for its kind (so a field added to a node type
// cannot be missed by the walks), and visit() must reach every node, in source order.
import { describe, expect, it } from 'vitest';
import { CHILDREN, childrenOf, parse, someNode, visit, type Node, type NodeKind, type Program } from '../src/index.js';
import { readTool, toolNames } from '../../../test/support/debian-tools.js';

// Between them, the tools and these reach every node kind (checked below).
const extra = [
  '#include <linux/sched.h>\n#define N 3\nstruct s { int a; };\nBEGIN { @t = (1, "a"); $x = sizeof(struct s); $y = sizeof($x); @o = offsetof(struct s, a); }',
  'kprobe:f /$1 > $#/ { unroll(2) { @c[cpu] = count(); } while ($i < 3) { $i++; if ($i == 2) { break; } else { continue; } } return; }',
  'BEGIN { @p = (int8)*curtask->mm; @q = @a[1].0 ? -1 : ~2; @r = $b[0]; @s = kstack(perf, 3); @u = x; }',
];

const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && typeof (v as { kind?: unknown }).kind === 'string';

/** Every node reachable through any property (the reflective walk the table replaces). */
function reachable(root: Node): Node[] {
  const out: Node[] = [];
  const todo: Node[] = [root];
  for (let n = todo.pop(); n; n = todo.pop()) {
    out.push(n);
    for (const [field, v] of Object.entries(n)) {
      if (field === 'type' || field === 'range') continue;
      const held = Array.isArray(v) ? v.filter(isNode) : isNode(v) ? [v] : [];
      if (held.length) expect(CHILDREN[n.kind] as readonly string[], `${n.kind}.${field} holds nodes`).toContain(field);
      todo.push(...held);
    }
  }
  return out;
}

function asts(): Program[] {
  return [...toolNames.map(readTool), ...extra].map((src) => {
    const r = parse(src);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return r.ast!;
  });
}

describe('the table of node children', () => {
  const programs = asts();

  it('lists every field that holds a node, for every kind', () => {
    const seen = new Set<NodeKind>();
    for (const p of programs) for (const n of reachable(p)) seen.add(n.kind);
    // Each kind of the table was met, so each was checked.
    expect([...seen].sort()).toEqual(Object.keys(CHILDREN).sort());
  });

  it('lists only fields that exist on the node types', () => {
    for (const p of programs) {
      visit(p, {
        enter: (n) => {
          for (const f of CHILDREN[n.kind] as readonly string[]) {
            const v = (n as unknown as Record<string, unknown>)[f];
            expect(v === undefined || isNode(v) || (Array.isArray(v) && v.every(isNode)), `${n.kind}.${f}`).toBe(true);
          }
        },
      });
    }
  });

  it('visit() reaches every node once, parents first, in source order within a statement', () => {
    for (const p of programs) {
      const visited: Node[] = [];
      visit(p, { enter: (n) => void visited.push(n) });
      expect(new Set(visited)).toEqual(new Set(reachable(p)));
      expect(visited.length).toBe(reachable(p).length);
      visit(p, {
        enter: (n) => {
          const kids = childrenOf(n).filter((k) => k.kind !== 'Preprocessor' && k.kind !== 'CDefinition');
          for (let i = 1; i < kids.length; i++) expect(kids[i]!.range.start.offset).toBeGreaterThanOrEqual(kids[i - 1]!.range.start.offset);
        },
      });
    }
  });

  it('typed handlers, depth, skip and stop', () => {
    const p = parse('BEGIN { @x = bswap(bswap(pid)) + 1; if (1) { @y = 2; } }').ast!;
    const calls: [string, number][] = [];
    visit(p, { Call: (c, depth) => void calls.push([c.name, depth]) });
    // Program 1, Probe 2, AssignMap 3, Binary 4, the calls 5 and 6.
    expect(calls).toEqual([['bswap', 5], ['bswap', 6]]);
    const kinds: string[] = [];
    visit(p, { enter: (n) => (kinds.push(n.kind), n.kind === 'AssignMap' || n.kind === 'AttachPoint' ? 'skip' : undefined) });
    expect(kinds).toEqual(['Program', 'Probe', 'AttachPoint', 'AssignMap', 'If', 'Integer', 'AssignMap']);
    expect(someNode(p, (n) => n.kind === 'Builtin')).toBe(true);
    expect(someNode(p, (n) => n.kind === 'Tuple')).toBe(false);
  });

  it('walks an AST deeper than the JS stack would allow a recursive walk', () => {
    let deep: Node = { kind: 'Integer', value: 1n, text: '1', range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } } };
    for (let i = 0; i < 200_000; i++) deep = { kind: 'Unary', op: '-', operand: deep as never, postfix: false, range: deep.range };
    let max = 0;
    visit(deep, { enter: (_n, d) => void (max = Math.max(max, d)) });
    expect(max).toBe(200_001);
  });
});
