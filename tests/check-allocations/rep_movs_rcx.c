/* `exasm check` finding: if gcc allocates %3 to rcx, `rep movsb` consumes rcx before
   `movb %3, (%rdi)` reads it. gcc 12 -O2 does when `fill` arrives in rcx (a function's fourth
   argument): the byte after the copy is 0, not 'z'.
   The fixed twin declares rcx clobbered instead of saving it. */
#include <stdio.h>

static inline void copy_then(char *d, const char *s, long n, char fill) {
  asm volatile ("pushq %%rcx\n\tmovq %2, %%rcx\n\trep movsb\n\tmovb %3, (%%rdi)\n\tpopq %%rcx"
                : "+D" (d), "+S" (s) : "r" (n), "r" (fill) : "memory");
}

static inline void copy_then_fixed(char *d, const char *s, long n, char fill) {
  asm volatile ("movq %2, %%rcx\n\trep movsb\n\tmovb %3, (%%rdi)"
                : "+D" (d), "+S" (s) : "r" (n), "r" (fill) : "rcx", "memory");
}

static char out[8];

__attribute__((noinline)) void f(char *d, const char *s, long n, char fill) { copy_then(d, s, n, fill); }
__attribute__((noinline)) void f_fixed(char *d, const char *s, long n, char fill) { copy_then_fixed(d, s, n, fill); }

int main(void) {
  f(out, "abc", 3, 'z');
  printf("buggy %s\n", out);
  f_fixed(out, "abc", 3, 'z');
  printf("fixed %s\n", out);
  return 0;
}
