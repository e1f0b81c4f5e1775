/* warn: listing the stack pointer register 'rsp' in a clobber list is deprecated */
void f(void)
{
    asm volatile("nop" ::: "rsp");
}
