/* expect: memory input 1 is not directly addressable */
int f(int x)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "m"(x + 1));
    return r;
}
