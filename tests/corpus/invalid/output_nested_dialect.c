/* expect: invalid 'asm': nested assembly dialect alternatives */
int f(int x)
{
    asm("{incl {%0|%0}|inc %0}" : "+r"(x));
    return x;
}
