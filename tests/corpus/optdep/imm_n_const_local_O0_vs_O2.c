/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
int f(void)
{
    const int k = 5;
    int r;
    asm("movl %1, %0" : "=r"(r) : "n"(k));
    return r;
}
