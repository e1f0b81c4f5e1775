static const int sh = 4;
unsigned f(unsigned x)
{
    asm("shll %1, %0" : "+r"(x) : "I"(sh));
    return x;
}
