/* expect: invalid 'asm': operand is not an offsettable memory reference, invalid operand code 'H' */
int f(int x)
{
    asm("# %H1" : "+r"(x) : "i"(5));
    return x;
}
