/* expect: impossible constraint in 'asm' */
int f(int x)
{
    asm("# %1" : "+r"(x) : "N"(256));
    return x;
}
