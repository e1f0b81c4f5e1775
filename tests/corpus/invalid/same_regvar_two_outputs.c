/* expect: invalid hard register usage between output operands */
int f(void)
{
    register int x asm("ebx");
    register int y asm("ebx");
    asm("movl $1, %0\n\tmovl $2, %1" : "=r"(x), "=r"(y));
    return x + y;
}
