/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
unsigned f(unsigned x)
{
    unsigned k = 0xff;
    asm("andl %1, %0" : "+r"(x) : "L"(k));
    return x;
}
