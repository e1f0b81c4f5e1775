/* expect: invalid 'asm': invalid vector immediate */
typedef float v2 __attribute__((vector_size(8)));
void f(void)
{
    asm("# %0" :: "i"((v2){1.0f, 2.0f}));
}
