long add(long a, long b)
{
    asm("addq %1, %0" : "+r"(a) : "r"(b));
    return a;
}
