int f(int x)
{
    asm("testl %0, %0\n\tjns .Lpos%=\n\tnegl %0\n.Lpos%=:" : "+r"(x));
    return x;
}
