enum { SHIFT = 3 };
int f(int x)
{
    asm("shll %1, %0" : "+r"(x) : "n"(SHIFT));
    return x;
}
