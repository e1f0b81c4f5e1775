/* expect: 'const' is not a valid 'asm' qualifier */
void f(void)
{
    asm const("nop");
}
