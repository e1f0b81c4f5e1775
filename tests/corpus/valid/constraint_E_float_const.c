float one_and_half(void)
{
    float r;
    asm("movl %1, %0" : "=r"(r) : "E"(1.5f));
    return r;
}
