/* expect: impossible constraint in 'asm' */
long f(long x)
{
    asm("# %1" : "+r"(x) : "Z"(0x100000000L));
    return x;
}
