int arr[10];
long f(void)
{
    long r;
    asm("leaq %c1(%%rip), %0" : "=r"(r) : "i"(&arr[3]));
    return r;
}
