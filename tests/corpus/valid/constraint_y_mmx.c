long long add(long long a, long long b)
{
    asm("paddd %1, %0\n\temms" : "+y"(a) : "y"(b));
    return a;
}
