/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
int f(int x)
{
    int k = 3;
    asm("shll %1, %0" : "+r"(x) : "M"(k));
    return x;
}
