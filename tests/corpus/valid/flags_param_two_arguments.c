/* flags: --param max-inline-insns-single=3 */
int f(int x)
{
    asm("incl %0" : "+r"(x));
    return x;
}
