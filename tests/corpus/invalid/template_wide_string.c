/* expect: a wide string is invalid in this context */
void f(void)
{
    asm(L"nop");
}
