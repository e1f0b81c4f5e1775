/* expect: impossible constraint in 'asm' */
int f(int a)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "Yq"(a));
    return r;
}
