// A workload whose functions' parameters cover the DWARF types uprobe `args` and
// `-lv` read: integers of each size and sign, typedefs, enums, pointers (const,
// volatile, to pointers, to void, to functions, to arrays), structs with arrays and
// nested records, more parameters than argument registers, a struct and a double
// passed by value (which are not read). `extras` takes what bpftrace 0.17 cannot read
// (bitfields, an anonymous union, a typedef'd struct).
#include <unistd.h>

typedef unsigned long counter_t;
enum mode { MODE_OFF, MODE_ON = 7 };
struct inner { short lo; short hi; };
struct rec {
  int id;
  char label[8];
  long values[3];
  struct inner pos;
  struct rec *next;
};
struct item {
  int id;
  unsigned int flags : 3;
  unsigned int level : 5;
  union { int as_int; char as_bytes[4]; } u;
  struct rec *r;
};
typedef struct item item_t;

__attribute__((noinline)) int scalars(char c, unsigned char uc, short s, unsigned int u, long l, counter_t n)
{
  return c + uc + s + (int)u + (int)l + (int)n;
}

__attribute__((noinline)) int pointers(const char *text, int **pp, void *opaque, struct rec *r, volatile int *vp, enum mode m)
{
  return text[0] + **pp + (opaque != 0) + r->id + *vp + m;
}

__attribute__((noinline)) int seven(int a, int b, int c, int d, int e, int f, int g)
{
  return a + b + c + d + e + f + g;
}

__attribute__((noinline)) long extras(struct item *it, item_t *t)
{
  return it->flags + t->level;
}

__attribute__((noinline)) int by_value(struct inner in, double d)
{
  return in.lo + (int)d;
}

__attribute__((noinline)) int callback(int x) { return x * 2; }

__attribute__((noinline)) int indirect(int (*cb)(int), const struct inner *in, char matrix[2][3])
{
  return cb(in->lo) + matrix[1][2];
}

#ifdef PRINT_LAYOUT
// The compiler's own view of the layouts, which the DWARF reader's must equal.
#include <stddef.h>
#include <stdio.h>
#define FIELD(s, f) printf("%s.%s %zu\n", #s, #f, offsetof(struct s, f))
int main(void)
{
  printf("rec %zu\nitem %zu\ninner %zu\n", sizeof(struct rec), sizeof(struct item), sizeof(struct inner));
  FIELD(rec, id); FIELD(rec, label); FIELD(rec, values); FIELD(rec, pos); FIELD(rec, next);
  FIELD(item, id); FIELD(item, u); FIELD(item, r); FIELD(inner, lo); FIELD(inner, hi);
  return 0;
}
#else
int main(void)
{
  // On the stack: a string literal's page may not be resident when the probe reads it.
  char text[] = "hello";
  int v = 5, *pv = &v;
  volatile int w = 9;
  struct rec next = { .id = 2, .label = "second" };
  struct rec r = { .id = 1, .label = "first", .values = { -1, 20, 300 }, .pos = { .lo = -3, .hi = 4 }, .next = &next };
  item_t it = { .id = 11, .flags = 5, .level = 19, .u = { .as_int = 0x41424344 }, .r = &r };
  char matrix[2][3] = { { 1, 2, 3 }, { 4, 5, 6 } };
  usleep(100000);
  scalars('x', 200, -7, 4000000000u, -5000000000L, 123456789012UL);
  pointers(text, &pv, &r, &r, &w, MODE_ON);
  seven(1, 2, 3, 4, 5, 6, 7);
  extras(&it, &it);
  indirect(callback, &r.pos, matrix);
  by_value(r.pos, 2.5);
  return 0;
}
#endif
