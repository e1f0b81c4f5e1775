void f(void)
{
    asm volatile("movb $1, %%ah" ::: "ah");
}
