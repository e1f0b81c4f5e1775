/* flags: -march=x86-64-v4 */
unsigned short f(unsigned short m)
{
    __asm("knotw %0, %0" : "+k"(m));
    return m;
}
