/* expect: duplicate 'asm' qualifier 'volatile' */
void f(void)
{
    asm volatile volatile("nop");
}
