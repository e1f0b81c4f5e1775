/* warn: listing the stack pointer register 'spl' in a clobber list is deprecated */
void f(void)
{
    asm volatile("nop" ::: "spl");
}
