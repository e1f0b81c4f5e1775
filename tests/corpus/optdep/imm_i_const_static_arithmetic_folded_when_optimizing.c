/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
static const int K = 3;
int f(int x)
{
    __asm__("addl %1, %0" : "+r"(x) : "i"(K * 2 + 1));
    return x;
}
