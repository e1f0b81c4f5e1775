long f(void)
{
    register long v1 asm("rax"), v2 asm("rax");
    v2 = 41;
    asm("incq %0" : "=&r"(v1) : "0"(v2));
    return v1;
}
