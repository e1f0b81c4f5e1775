/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: invalid 'asm': invalid constraints for operand */
void f(int y)
{
    asm("# %a0" :: "X"(y));
}
