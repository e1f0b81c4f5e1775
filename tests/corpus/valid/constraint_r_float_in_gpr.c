/* a float in "r" lives in a 32-bit general register */
float neg(float x)
{
    asm("xorl $0x80000000, %0" : "+r"(x));
    return x;
}
