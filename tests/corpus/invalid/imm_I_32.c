/* expect: impossible constraint in 'asm' */
int f(int x)
{
    asm("shll %1, %0" : "+r"(x) : "I"(32));
    return x;
}
