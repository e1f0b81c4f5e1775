void copy(void *dst, const void *src, unsigned long n)
{
    asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}
