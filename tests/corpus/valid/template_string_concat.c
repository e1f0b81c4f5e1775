long f(long a)
{
    asm("addq $1, %0\n\t"
        "addq $2, %0\n\t"
        "addq $3, %0"
        : "+r"(a));
    return a;
}
