/* expect: output operand constraint lacks '=' */
int f(int x)
{
    asm("# %0" : ""(x));
    return x;
}
