int g;
int f(int x)
{
    asm("addl %1, %0" : "+r"(x) : "rm"(g));
    return x;
}
