#ifndef __GCC_ASM_FLAG_OUTPUTS__
#error "__GCC_ASM_FLAG_OUTPUTS__ not defined"
#endif
_Bool is_zero(long x)
{
    _Bool r;
    asm("testq %1, %1" : "=@ccz"(r) : "r"(x));
    return r;
}
