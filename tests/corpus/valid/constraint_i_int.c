int add42(int x)
{
    asm("addl %1, %0" : "+r"(x) : "i"(42));
    return x;
}
