/* `exasm check` finding: if gcc allocates %1 to rbx, `popq %rbx` restores rbx over the
   output. gcc 12 -O2 does when the other registers hold live values (pinned here by register
   variables, as inlining into a busy function does): `movl %ebx, %ebx; popq %rbx` returns the
   caller's rbx, not cpuid's. The fixed twin takes the output in rbx ("=b"). */
#include <stdio.h>

static inline unsigned vendor_ebx(unsigned leaf) {
  unsigned a, b, c, d;
  asm volatile ("pushq %%rbx; cpuid; movl %%ebx, %1; popq %%rbx" : "=a" (a), "=r" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (0));
  return b;
}

static inline unsigned vendor_ebx_fixed(unsigned leaf) {
  unsigned a, b, c, d;
  asm volatile ("cpuid" : "=a" (a), "=b" (b), "=c" (c), "=d" (d) : "0" (leaf), "2" (0));
  return b;
}

#define BUSY(call)                                                                               \
  ({ register unsigned long k1 asm ("rsi") = leaf, k2 asm ("rdi") = leaf * 3, k3 asm ("r8") = leaf + 5; \
     register unsigned long k4 asm ("r9") = leaf + 7, k5 asm ("r10") = leaf + 9, k6 asm ("r11") = leaf + 11; \
     unsigned r_ = call;                                                                         \
     asm volatile ("" : : "r" (k1), "r" (k2), "r" (k3), "r" (k4), "r" (k5), "r" (k6));           \
     r_; })

__attribute__((noinline)) unsigned f(unsigned leaf) { return BUSY(vendor_ebx(leaf)); }
__attribute__((noinline)) unsigned f_fixed(unsigned leaf) { return BUSY(vendor_ebx_fixed(leaf)); }

int main(void) {
  printf("buggy %08x\n", f(0));
  printf("fixed %08x\n", f_fixed(0));
  return 0;
}
