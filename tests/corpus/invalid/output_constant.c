/* expect: lvalue required in 'asm' statement */
void f(void)
{
    asm("# %0" : "=r"(42));
}
