/* expect: duplicate 'asm' qualifier '__inline' */
void f(void)
{
    asm inline __inline("nop");
}
