/* `exasm check` finding: if gcc allocates %0 to rdx, `popq %rdx` restores rdx over the result.
   gcc 12 -O2 does, when the other registers hold live values (pinned here by register
   variables, as inlining into a busy function does): sq(7) returns the caller's rdx, not 49.
   The fixed twin declares rdx clobbered (mulq writes it) instead of saving it. */
#include <stdio.h>

static inline long sq(long x) {
  long r;
  asm ("pushq %%rdx\n\tmovq %1, %%rax\n\tmulq %%rax\n\tmovq %%rax, %0\n\tpopq %%rdx"
       : "=r" (r) : "r" (x) : "rax", "cc");
  return r;
}

static inline long sq_fixed(long x) {
  long r;
  asm ("movq %1, %%rax\n\tmulq %%rax\n\tmovq %%rax, %0" : "=r" (r) : "r" (x) : "rax", "rdx", "cc");
  return r;
}

#define BUSY(call)                                                                         \
  ({ register long b1 asm ("rcx") = v + 1, b2 asm ("rsi") = v + 2, b3 asm ("rdi") = v + 3; \
     register long b4 asm ("r8") = v + 4, b5 asm ("r9") = v + 5, b6 asm ("r10") = v + 6;   \
     register long b7 asm ("r11") = v + 7, b8 asm ("rbx") = v + 8, b9 asm ("r12") = v + 9; \
     register long c1 asm ("r13") = v + 10, c2 asm ("r14") = v + 11, c3 asm ("r15") = v + 12; \
     register long c4 asm ("rbp") = v + 13;                                                \
     asm volatile ("" : "+r" (b1), "+r" (b2), "+r" (b3), "+r" (b4), "+r" (b5), "+r" (b6), "+r" (b7), "+r" (b8), "+r" (b9), "+r" (c1), "+r" (c2), "+r" (c3), "+r" (c4)); \
     long r = call;                                                                         \
     asm volatile ("" : : "r" (b1), "r" (b2), "r" (b3), "r" (b4), "r" (b5), "r" (b6), "r" (b7), "r" (b8), "r" (b9), "r" (c1), "r" (c2), "r" (c3), "r" (c4)); \
     r; })

__attribute__((noinline)) long busy(long v) { return BUSY(sq(v)); }
__attribute__((noinline)) long busy_fixed(long v) { return BUSY(sq_fixed(v)); }

int main(void) {
  printf("buggy %ld\nfixed %ld\n", busy(7), busy_fixed(7));
  return 0;
}
