/* flags: -masm=intel */
int f(int x)
{
    asm("add %0, %1" : "+r"(x) : "i"(42));
    return x;
}
