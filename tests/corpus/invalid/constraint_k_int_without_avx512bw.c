/* expect: inconsistent operand constraints in an 'asm' */
/* flags: -mavx512f */
int f(int a)
{
    int r;
    asm("kmovw %1, %0" : "=k"(r) : "r"(a));
    return r;
}
