/* expect: expected '(' before 'static' */
/* expect: expected identifier or '(' before string constant */
void f(void)
{
    asm static("nop");
}
