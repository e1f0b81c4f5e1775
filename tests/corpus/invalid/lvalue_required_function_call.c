/* expect: lvalue required in 'asm' statement */
int g(void);
void f(void)
{
    asm("movl $1, %0" : "=r"(g()));
}
