/* warn: matching constraint does not allow a register */
long g;
void f(void)
{
    asm("" : "+m"(g) : "0"(g));
}
