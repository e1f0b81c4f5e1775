/* warn: listing the stack pointer register 'sp' in a clobber list is deprecated */
void f(void)
{
    asm volatile("nop" ::: "sp");
}
