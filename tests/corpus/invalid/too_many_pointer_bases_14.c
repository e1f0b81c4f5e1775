/* expect: 'asm' operand has impossible constraints */
/* 14 distinct pointers, each with one "m" operand (14 base registers), and 3 clobbers: 17 registers even at -O2. */
long f(long *p0, long *p1, long *p2, long *p3, long *p4, long *p5, long *p6,
       long *p7, long *p8, long *p9, long *p10, long *p11, long *p12, long *p13)
{
    asm("movq %0, %%rax\n\taddq %1, %%rax\n\taddq %2, %%rax\n\taddq %3, %%rax\n\t"
        "addq %4, %%rax\n\taddq %5, %%rax\n\taddq %6, %%rax\n\taddq %7, %%rax\n\t"
        "addq %8, %%rax\n\taddq %9, %%rax\n\taddq %10, %%rax\n\taddq %11, %%rax\n\t"
        "addq %12, %%rax\n\taddq %13, %%rax\n\tmovq %%rax, %0"
        : "+m"(*p0)
        : "m"(*p1), "m"(*p2), "m"(*p3), "m"(*p4), "m"(*p5), "m"(*p6), "m"(*p7),
          "m"(*p8), "m"(*p9), "m"(*p10), "m"(*p11), "m"(*p12), "m"(*p13)
        : "rax", "rbx", "rcx");
    return *p0;
}
