/* expect: memory input 1 is not directly addressable */
int f(void)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "m"(42));
    return r;
}
