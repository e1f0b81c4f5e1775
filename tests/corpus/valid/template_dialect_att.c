int f(int a, int b)
{
    asm("{addl %1, %0|add %0, %1}" : "+r"(a) : "r"(b));
    return a;
}
