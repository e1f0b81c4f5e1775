int f(int x)
{
    asm("imull %1, %0, %0" : "+r"(x) : "K"(-128));
    return x;
}
