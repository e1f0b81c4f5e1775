/* tied input wider than the output is allowed */
int f(long a)
{
    int r;
    asm("negl %0" : "=r"(r) : "0"(a));
    return r;
}
