/* clobbering rax does not stop "=a" ... of a different asm; here xmm0 clobber with x operands */
double f(double a, double b)
{
    asm("pxor %%xmm0, %%xmm0\n\taddsd %1, %0" : "+x"(a) : "x"(b) : "xmm0");
    return a;
}
