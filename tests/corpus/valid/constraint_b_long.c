long f(long x)
{
    asm("addq %%rbx, %%rbx" : "+b"(x));
    return x;
}
