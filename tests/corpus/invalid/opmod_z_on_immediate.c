/* expect: invalid 'asm': invalid operand type used with operand code 'Z' */
int f(int x)
{
    asm("# %z1" : "+r"(x) : "i"(5));
    return x;
}
