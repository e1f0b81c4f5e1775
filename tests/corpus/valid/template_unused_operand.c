int f(int a)
{
    asm volatile("nop" :: "r"(a));
    return a;
}
