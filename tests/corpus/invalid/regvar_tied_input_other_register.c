/* expect: invalid hard register usage between output operand and matching constraint operand */
long f(void)
{
    register long v1 asm("rax"), v2 asm("rbx");
    v2 = 41;
    asm("incq %0" : "=r"(v1) : "0"(v2));
    return v1;
}
