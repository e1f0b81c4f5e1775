/* expect: impossible constraint in 'asm' */
int f(int x)
{
    asm("# %1" : "+r"(x) : "E"(4));
    return x;
}
