/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: inconsistent operand constraints in an 'asm' */
int f(int a)
{
    int o;
    asm("" : "=r"(o) : "0"(a), "0"(a));
    return o;
}
