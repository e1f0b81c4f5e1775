/* expect: impossible constraint in 'asm' */
int f(int x)
{
    asm("# %1" : "+r"(x) : "M"(-1));
    return x;
}
