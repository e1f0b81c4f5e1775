/* warn: listing the stack pointer register '7' in a clobber list is deprecated */
void f(void)
{
    asm volatile("nop" ::: "7");
}
