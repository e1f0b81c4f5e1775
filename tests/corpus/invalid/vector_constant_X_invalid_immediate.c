/* expect: invalid 'asm': invalid vector immediate */
typedef int v4 __attribute__((vector_size(16)));
void f(void)
{
    asm("# %0" :: "X"((v4){1, 2, 3, 4}));
}
