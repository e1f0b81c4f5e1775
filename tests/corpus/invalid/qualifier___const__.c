/* expect: '__const__' is not a valid 'asm' qualifier */
void f(void)
{
    asm __const__("nop");
}
