// llc's errors name a BPF function, not a place in the script. The one a script can cause
// (too much on the stack: large tuples, strings, map keys in one probe) is given the probe's
// location here, so that compile never fails without pointing at the script.
import type { Diagnostic } from '@bpftrace-ts/parser';
import type { CheckedProgram } from '@bpftrace-ts/typecheck';

const BPF_STACK_BYTES = 512;

/** Program names from codegen: BEGIN_3, END_4, p2_kprobe_..., p2_1_tracepoint_... */
function probeIndex(fn: string): number | undefined {
  const m = /^(?:BEGIN|END)_(\d+)$|^p(\d+)_/.exec(fn);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

export function locateLlcErrors(diags: Diagnostic[], checked: CheckedProgram): Diagnostic[] {
  return diags.map((d) => {
    if (d.code !== 'codegen/llc' || d.range) return d;
    // LLVM 14 says "stack limit of 512 bytes is exceeded"; later ones leave the size out.
    const stack = /in function (\w+)[^:]*: Looks like the BPF stack limit (?:of (\d+) bytes )?is exceeded/.exec(d.message);
    if (!stack) return d;
    const index = probeIndex(stack[1]!);
    const probe = checked.probes.find((p) => p.index === index)?.probe;
    if (!probe) return d;
    const first = probe.attachPoints[0]?.range ?? probe.range;
    const last = probe.attachPoints.at(-1)?.range ?? probe.range;
    return {
      ...d, code: 'codegen/stack-limit', range: { start: first.start, end: last.end },
      message: `This probe needs more than the BPF stack's ${stack[2] ?? BPF_STACK_BYTES} bytes: use fewer or smaller tuples, strings and map keys in it`,
    };
  });
}
