/* expect: invalid 'asm': nested assembly dialect alternatives */
/* flags: -masm=intel */

int f(int x)
{
    asm("{incl %0|{inc} %0}" : "+r"(x));
    return x;
}
