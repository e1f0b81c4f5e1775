/* expect: impossible constraint in 'asm' */
/* a thread-local object's address is no link-time constant */
__thread int tv;
static __thread long arr[4];
long f(void)
{
    long x;
    asm("movq %1, %0" : "=r"(x) : "i"(&tv));
    return x;
}
long g(void)
{
    long x;
    asm("movq %1, %0" : "=r"(x) : "i"(arr));
    return x;
}
