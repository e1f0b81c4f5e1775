long f(long x)
{
    long r;
    __asm__("movq %1, %0\n\tcmpq $0, %%rbx" : "=r"(r) : "Yb"(x));
    return r;
}
