/* expect: impossible constraint in 'asm' */
int f(int x)
{
    asm("addl %1, %0" : "+r"(x) : "K"(128));
    return x;
}
