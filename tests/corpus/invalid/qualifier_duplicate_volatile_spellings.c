/* expect: duplicate 'asm' qualifier 'volatile' */
void f(void)
{
    asm __volatile__ volatile("nop");
}
