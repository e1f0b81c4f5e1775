/* expect: expected identifier before ')' token */
void f(void)
{
    asm goto ("" : : : : );
}
