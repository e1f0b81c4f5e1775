/* expect: 'asm' operand has impossible constraints */
long f(long a, __int128 b)
{
    long r;
    asm("# %0 %1 %2" : "=r"(r) : "a"(a), "A"(b), "d"(a));
    return r;
}
