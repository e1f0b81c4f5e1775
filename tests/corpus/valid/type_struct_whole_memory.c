struct regs { long a, b, c, d; } g;
void f(void)
{
    asm("incq %0\n\tincq 8+%0" : "+m"(g));
}
