/* expect: invalid 'asm': invalid operand size for operand code 'z' */
__int128 f(__int128 x)
{
    asm("# %z0" : "+r"(x));
    return x;
}
