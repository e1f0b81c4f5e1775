int f(int v)
{
    register int x asm("ebx") = v;
    asm("addl %0, %0" : "+r"(x));
    return x;
}
