/* expect: address of register variable 'r' requested */
int f(void)
{
    register int r asm("ebx");
    asm("movl $1, %0" : "=m"(r));
    return r;
}
