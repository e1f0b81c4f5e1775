long double add(long double a, long double b)
{
    asm("fadd %1, %0" : "+t"(a) : "f"(b));
    return a;
}
