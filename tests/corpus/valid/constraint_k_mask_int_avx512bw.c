/* flags: -mavx512bw */
unsigned f(unsigned a)
{
    unsigned r;
    asm("kmovd %1, %0" : "=k"(r) : "r"(a));
    return r;
}
