/* expect: memory input 2 is not directly addressable */
int f(int x, int y)
{
    int r;
    asm("movl %1, %0\n\taddl %2, %0" : "=r"(r) : "r"(x), "m"(y * 2));
    return r;
}
