enum sizes { SMALL = sizeof(short), BIG = sizeof(long) * 4 };
long f(long x)
{
    asm("addq %1, %0\n\taddq %2, %0" : "+r"(x) : "i"(SMALL), "n"(BIG + sizeof(int)));
    return x;
}
