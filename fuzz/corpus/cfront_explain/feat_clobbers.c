/* exasm-sample: clobber lists: callee-saved rbx r12-r15, caller-saved and sub-register names, xmm, cc/memory/flags/fpsr/st, C values survive */
#include <stdio.h>

static long g_mem = 5;

static long survive(long a, long b, long c, long d, long e, long f)
{
    long sum;
    /* trash every callee-saved register except rbp */
    asm volatile ("movq $-1, %%rbx\n\t"
                  "movq $-1, %%r12\n\t"
                  "movq $-1, %%r13\n\t"
                  "movq $-1, %%r14\n\t"
                  "movq $-1, %%r15"
                  :
                  :
                  : "rbx", "r12", "r13", "r14", "r15");
    /* trash caller-saved registers, clobbers spelled in several ways */
    asm volatile ("movq $-2, %%rax\n\t"
                  "movq $-2, %%rcx\n\t"
                  "movq $-2, %%rdx\n\t"
                  "movq $-2, %%rsi\n\t"
                  "movq $-2, %%rdi\n\t"
                  "movq $-2, %%r8\n\t"
                  "movq $-2, %%r9\n\t"
                  "movq $-2, %%r10\n\t"
                  "movq $-2, %%r11"
                  :
                  :
                  : "%rax", "ecx", "dx", "sil", "%dil", "r8", "r9", "r10", "r11");
    sum = a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
    return sum;
}

int main(void)
{
    long vals[6] = { 1, 10, 100, 1000, 10000, 100000 };
    long x = 7, y = 11, z = 13;
    double dx = 1.25, dy = 2.5;
    long r;

    r = survive(vals[0], vals[1], vals[2], vals[3], vals[4], vals[5]);
    printf("survive = %ld\n", r);

    /* values live across an asm that clobbers most GPRs */
    asm volatile ("xorl %%eax, %%eax\n\t"
                  "xorl %%ebx, %%ebx\n\t"
                  "xorl %%ecx, %%ecx\n\t"
                  "xorl %%edx, %%edx\n\t"
                  "xorl %%esi, %%esi\n\t"
                  "xorl %%edi, %%edi\n\t"
                  "xorl %%r8d, %%r8d\n\t"
                  "xorl %%r9d, %%r9d\n\t"
                  "xorl %%r10d, %%r10d\n\t"
                  "xorl %%r11d, %%r11d\n\t"
                  "xorl %%r12d, %%r12d"
                  :
                  :
                  : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
                    "r10", "r11", "r12", "cc");
    printf("x=%ld y=%ld z=%ld x*y*z=%ld\n", x, y, z, x * y * z);

    /* xmm clobbers: doubles live across */
    asm volatile ("xorps %%xmm0, %%xmm0\n\t"
                  "xorps %%xmm1, %%xmm1\n\t"
                  "xorps %%xmm7, %%xmm7\n\t"
                  "xorps %%xmm15, %%xmm15"
                  :
                  :
                  : "xmm0", "xmm1", "xmm7", "xmm15");
    printf("dx=%g dy=%g dx*dy=%g\n", dx, dy, dx * dy);

    /* an operand next to clobbered registers: gcc must pick another one */
    asm ("movl $1, %%eax\n\t"
         "movl $2, %%ecx\n\t"
         "movl $3, %%edx\n\t"
         "leaq (%1,%1,4), %0\n\t"
         "addq %%rax, %0\n\t"
         "addq %%rcx, %0\n\t"
         "addq %%rdx, %0"
         : "=&r" (r)
         : "r" (x)
         : "eax", "rcx", "dl");
    printf("operand avoiding clobbers: %ld\n", r);

    /* "memory" makes gcc reload g_mem after the asm */
    g_mem = 5;
    asm volatile ("leaq g_mem(%%rip), %%rax\n\t"
                  "addq $100, (%%rax)"
                  :
                  :
                  : "rax", "memory", "cc");
    printf("g_mem after memory clobber: %ld\n", g_mem);

    /* the other special names */
    asm volatile ("" : : : "fpsr", "flags", "st", "mm0");
    asm volatile ("cld" : : : "cc");
    printf("done\n");
    return 0;
}
