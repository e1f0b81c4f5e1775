/* expect: extended registers have no high halves */
long f(long v)
{
    register long y asm("r8") = v;
    asm("movb %h0, %%al" : : "r"(y) : "rax");
    return y;
}
