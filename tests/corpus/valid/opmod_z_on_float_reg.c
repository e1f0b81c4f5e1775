/* warn: non-integer operand used with operand code 'z' */
float f(float x)
{
    asm("# %z0" : "+x"(x));
    return x;
}
