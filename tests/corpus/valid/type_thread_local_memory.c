__thread int tls;
void f(void)
{
    asm("incl %0" : "+m"(tls));
}
