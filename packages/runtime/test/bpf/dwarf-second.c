// A second compile unit, linked with dwarf-args.c by dwarf.test.ts: its
// own `struct inner` (another layout under the same name, legal across C files) and a
// function taking it, so lookups must start in the function's own unit.
struct inner { long wide; char tag; };

__attribute__((noinline)) int second(struct inner *in, int k)
{
  return (int)in->wide + in->tag + k;
}

int call_second(void)
{
  struct inner in = { .wide = 40, .tag = 2 };
  return second(&in, 0);
}
