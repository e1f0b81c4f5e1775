/* expect: invalid hard register usage between earlyclobber operand and input operand */
long f(void)
{
    register long v1 asm("rax"), v2 asm("rax");
    v2 = 41;
    asm("incq %0" : "=&r"(v1) : "r0"(v2));
    return v1;
}
