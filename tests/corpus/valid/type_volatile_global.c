volatile int flag;
void f(void)
{
    asm("lock incl %0" : "+m"(flag));
}
