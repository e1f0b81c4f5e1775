int f(int x)
{
    asm("incl %0" : "+R"(x));
    return x;
}
