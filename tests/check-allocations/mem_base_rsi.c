/* `exasm check` finding: if gcc addresses %1 through rsi, `movq %2, %rsi` overwrites the
   address before `addq %1, %rax` reads it. gcc 12 -O2 does when `p` arrives in rsi (a function's second
   argument): the sum reads *q twice.
   The fixed twin declares rsi clobbered instead of saving it. */
#include <stdio.h>

static inline long add_at(const long *p, const long *q) {
  long r;
  asm ("pushq %%rsi\n\tmovq %2, %%rsi\n\tmovq (%%rsi), %%rax\n\taddq %1, %%rax\n\tpopq %%rsi\n\tmovq %%rax, %0"
       : "=r" (r) : "m" (*p), "r" (q) : "rax", "cc", "memory");
  return r;
}

static inline long add_at_fixed(const long *p, const long *q) {
  long r;
  asm ("movq %2, %%rsi\n\tmovq (%%rsi), %%rax\n\taddq %1, %%rax\n\tmovq %%rax, %0"
       : "=r" (r) : "m" (*p), "r" (q) : "rax", "rsi", "cc", "memory");
  return r;
}

static long one = 1, forty = 40;

__attribute__((noinline)) long f(const long *q, const long *p) { return add_at(p, q); }
__attribute__((noinline)) long f_fixed(const long *q, const long *p) { return add_at_fixed(p, q); }

int main(void) {
  printf("buggy %ld\n", f(&forty, &one));
  printf("fixed %ld\n", f_fixed(&forty, &one));
  return 0;
}
