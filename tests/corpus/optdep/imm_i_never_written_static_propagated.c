/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
static int scale = 3;
int f(int x)
{
    __asm__("imull %1, %0" : "+r"(x) : "i"(scale));
    return x;
}
