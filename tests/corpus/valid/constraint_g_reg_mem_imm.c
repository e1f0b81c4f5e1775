int g;
int f(int x)
{
    asm("addl %1, %0\n\taddl %2, %0" : "+r"(x) : "g"(g), "g"(7));
    return x;
}
