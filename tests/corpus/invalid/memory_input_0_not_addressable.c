/* expect: memory input 0 is not directly addressable */
void f(int x)
{
    asm volatile("# %0" :: "m"(x + 1));
}
