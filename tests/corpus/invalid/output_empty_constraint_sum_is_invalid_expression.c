/* expect: invalid 'asm': invalid expression as operand */
int f(int y)
{
    __asm__ volatile("# %0" :: ""(y + 1));
    return y;
}
