void f(void)
{
    asm volatile("fldz\n\tfstp %%st(0)" ::: "st");
}
