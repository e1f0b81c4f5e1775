/* expect: 'restrict' is not a valid 'asm' qualifier */
void f(void)
{
    asm restrict("nop");
}
