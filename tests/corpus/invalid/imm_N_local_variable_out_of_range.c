/* expect: impossible constraint in 'asm' */
int f(int x)
{
    int k = 256;
    asm("addl %1, %0" : "+r"(x) : "N"(k));
    return x;
}
