void fill(int *dst, int val, unsigned long n)
{
    asm volatile("rep stosl" : "+D"(dst), "+c"(n) : "a"(val) : "memory");
}
