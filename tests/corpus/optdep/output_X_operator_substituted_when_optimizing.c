/* opt-dependent: O0 accept, O2 reject */
/* expect-O2: invalid 'asm': invalid expression as operand */
int f(int y)
{
    __asm__ volatile("# %0" :: "X"(y << 1));
    return y;
}
