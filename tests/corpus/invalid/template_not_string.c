/* expect: expected string literal before numeric constant */
void f(void)
{
    asm(42);
}
