int arr[10];
long addr(void)
{
    long r;
    asm("leaq %a1, %0" : "=r"(r) : "i"(&arr[3]));
    return r;
}
