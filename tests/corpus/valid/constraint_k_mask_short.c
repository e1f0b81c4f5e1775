/* flags: -mavx512f */
unsigned short f(unsigned short a)
{
    unsigned short r;
    asm("kmovw %k1, %0\n\tknotw %0, %0\n\tkmovw %0, %k1" : "=k"(r), "+r"(a));
    return a;
}
