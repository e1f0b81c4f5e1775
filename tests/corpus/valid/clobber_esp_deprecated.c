/* warn: listing the stack pointer register 'esp' in a clobber list is deprecated */
void f(void)
{
    asm volatile("nop" ::: "esp");
}
