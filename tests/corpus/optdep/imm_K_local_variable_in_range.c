/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
int f(int x)
{
    int k = -128;
    asm("addl %1, %0" : "+r"(x) : "K"(k));
    return x;
}
