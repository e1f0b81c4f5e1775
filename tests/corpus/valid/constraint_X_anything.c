extern void ext(void);
void f(void)
{
    asm volatile("# %0" :: "X"(ext));
}
