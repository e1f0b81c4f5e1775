int f(int x)
{
    asm("incl %0" : "+r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r,r"(x));
    return x;
}
