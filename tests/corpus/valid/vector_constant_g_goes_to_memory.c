typedef int v4 __attribute__((vector_size(16)));
void f(void)
{
    asm("# %0" :: "g"((v4){1, 2, 3, 4}));
}
