int f(int x)
{
    asm("incl %0" : "+X"(x));
    return x;
}
