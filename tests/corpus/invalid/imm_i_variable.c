/* expect: impossible constraint in 'asm' */
int f(int x)
{
    asm("addl %1, %0" : "+r"(x) : "i"(x));
    return x;
}
