/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
int f(int x)
{
    int k = 255;
    asm("addl %1, %0" : "+r"(x) : "N"(k));
    return x;
}
