// C++ names in user stacks and usym(), demangled as bpftrace 0.17 prints them
// (`_ZN2ns1K1fEi` -> `ns::K::f(int)`), by the C++ runtime's own demangler
// (libstdc++'s __cxa_demangle, through koffi). A name it cannot demangle, or a
// machine without libstdc++, keeps the name as written.
import koffi from 'koffi';

type Demangler = (name: string) => string | undefined;
let demangler: Demangler | null | undefined;
const cache = new Map<string, string>();

function load(): Demangler | null {
  try {
    const cxx = koffi.load('libstdc++.so.6');
    const libc = koffi.load('libc.so.6');
    const cxaDemangle = cxx.func('void *__cxa_demangle(const char *mangled, void *buf, void *len, _Out_ int *status)');
    const free = libc.func('void free(void *p)');
    return (name) => {
      const status = [0];
      const p = cxaDemangle(name, null, null, status);
      if (!p) return undefined;
      try {
        return status[0] === 0 ? (koffi.decode(p, 'char', -1) as string) : undefined;
      } finally {
        free(p);
      }
    };
  } catch {
    return null;
  }
}

/** `name` demangled when it is a mangled C++ name (`_Z...`), else as it is. */
export function demangle(name: string): string {
  if (!name.startsWith('_Z')) return name;
  let out = cache.get(name);
  if (out !== undefined) return out;
  if (demangler === undefined) demangler = load();
  out = demangler?.(name) ?? name;
  if (cache.size > 10_000) cache.clear();
  cache.set(name, out);
  return out;
}
