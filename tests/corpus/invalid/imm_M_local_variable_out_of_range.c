/* expect: impossible constraint in 'asm' */
int f(int x)
{
    int k = 4;
    asm("shll %1, %0" : "+r"(x) : "M"(k));
    return x;
}
