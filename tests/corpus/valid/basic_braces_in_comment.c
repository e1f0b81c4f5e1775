/* basic asm has no dialect processing: the braces below reach the assembler as written */
void f(void)
{
    asm("nop # {a|b}");
}
