/* expect: 'V' modifier on non-integer register */
float f(float x)
{
    asm("# %V0" : "+x"(x));
    return x;
}
