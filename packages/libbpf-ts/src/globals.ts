// Initial values of global variables: find the variable in the object's BTF (a VAR
// listed by one DATASEC, e.g. ".rodata"), then write into that section map's
// initial value at the variable's offset. libbpf copies it to the kernel at load.
import { copyFrom, native, writeTo, type Ptr } from './libbpf.js';
import { BpfError } from './errors.js';

const BTF_KIND_VAR = 14;
const BTF_KIND_DATASEC = 15;

/** struct btf_type's name_off/info/size and, for a DATASEC, its btf_var_secinfo entries. */
function readType(btf: Ptr, id: number): { nameOff: number; kind: number; vars: { type: number; offset: number; size: number }[] } {
  const t = native().bpf.btf__type_by_id(btf, id);
  if (!t) return { nameOff: 0, kind: 0, vars: [] };
  const head = new DataView(copyFrom(t, 12).buffer);
  const info = head.getUint32(4, true);
  const kind = (info >>> 24) & 0x1f;
  const vlen = info & 0xffff;
  if (kind !== BTF_KIND_DATASEC) return { nameOff: head.getUint32(0, true), kind, vars: [] };
  const body = new DataView(copyFrom(t, 12 + 12 * vlen).buffer);
  const vars = Array.from({ length: vlen }, (_, i) => ({
    type: body.getUint32(12 + 12 * i, true), offset: body.getUint32(16 + 12 * i, true), size: body.getUint32(20 + 12 * i, true),
  }));
  return { nameOff: head.getUint32(0, true), kind, vars };
}

export function writeGlobal(obj: Ptr, name: string, bytes: Uint8Array): void {
  const { bpf } = native();
  const btf = bpf.bpf_object__btf(obj);
  if (!btf) throw new BpfError(`global ${name}: the object has no BTF`);
  const varId = bpf.btf__find_by_name_kind(btf, name, BTF_KIND_VAR);
  if (varId < 0) throw new BpfError(`global ${name}: no such variable in the object's BTF`);
  const count = bpf.btf__type_cnt(btf);
  for (let id = 1; id < count; id++) {
    const sec = readType(btf, id);
    if (sec.kind !== BTF_KIND_DATASEC) continue;
    const v = sec.vars.find((x) => x.type === varId);
    if (!v) continue;
    const secName = bpf.btf__name_by_offset(btf, sec.nameOff) ?? '';
    if (bytes.length !== v.size) throw new BpfError(`global ${name}: ${bytes.length} bytes given, the variable has ${v.size}`);
    const map = bpf.bpf_object__find_map_by_name(obj, secName);
    const size: [number] = [0];
    const data = map ? bpf.bpf_map__initial_value(map, size) : null;
    if (!data || v.offset + v.size > Number(size[0])) throw new BpfError(`global ${name}: section ${secName} has no initial value to set`);
    writeTo(data, v.offset, bytes);
    return;
  }
  throw new BpfError(`global ${name}: not in any data section`);
}
