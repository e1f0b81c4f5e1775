/* in 64-bit mode every GPR has a low byte, so "q" may pick r8..r15 */
char f(char a, char b, char c, char d, char e, char g)
{
    asm("addb %1, %0" : "+q"(a) : "q"(b));
    return a + c + d + e + g;
}
