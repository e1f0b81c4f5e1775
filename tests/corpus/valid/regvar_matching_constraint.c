long f(long a)
{
    register long x asm("r11") = a;
    long out;
    asm("incq %0" : "=r"(out) : "0"(x));
    return out;
}
