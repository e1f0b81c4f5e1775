unsigned f(unsigned x)
{
    asm("roll %1, %0" : "+r"(x) : "I"(31));
    return x;
}
