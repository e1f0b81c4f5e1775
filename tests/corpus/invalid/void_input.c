/* expect: invalid use of void expression */
void g(void);
void f(void)
{
    asm volatile("# %0" :: "r"(g()));
}
