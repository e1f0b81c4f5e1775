/* expect: duplicate 'asm' operand name 'a' */
int f(int x, int y)
{
    asm("addl %[a], %[a]" : [a] "+r"(x) : [a] "r"(y));
    return x;
}
