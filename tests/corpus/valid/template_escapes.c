int f(int a)
{
    asm("\tincl\t%0\n\x09incl %0\012" : "+r"(a));
    return a;
}
