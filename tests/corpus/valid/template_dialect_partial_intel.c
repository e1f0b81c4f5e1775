/* flags: -masm=intel */
int f(int a)
{
    asm("shl{l} {$2, %0|%0, 2}" : "+r"(a));
    return a;
}
