/* expect: impossible constraint in 'asm' */
typedef float v4 __attribute__((vector_size(16)));
void f(v4 x)
{
    __asm__ volatile("# %0" :: "Yd"(x));
}
