/* %h on a register without a high byte (rsi) prints the 16-bit name %si */
long f(long v)
{
    register long y asm("rsi") = v;
    asm("# %h0" : : "r"(y));
    return y;
}
