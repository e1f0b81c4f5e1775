int f(int x)
{
    asm("addl %1, %0" : "+rm"(x) : "ri"(100));
    return x;
}
