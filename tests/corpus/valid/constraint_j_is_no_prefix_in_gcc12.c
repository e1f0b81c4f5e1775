int f(void)
{
    int b;
    asm("movl $1, %0" : "=jr"(b));
    return b;
}
