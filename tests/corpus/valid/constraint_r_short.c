short add(short a, short b)
{
    asm("addw %1, %0" : "+r"(a) : "r"(b));
    return a;
}
