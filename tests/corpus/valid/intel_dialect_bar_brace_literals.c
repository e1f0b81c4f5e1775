/* flags: -masm=intel */
int f(void)
{
    int r;
    asm("{movl $(1 %| 6), %0|mov %0, 1 %| 6}" : "=r"(r));
    return r;
}
