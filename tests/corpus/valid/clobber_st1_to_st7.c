void f(void)
{
    asm volatile("fninit" ::: "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)");
}
