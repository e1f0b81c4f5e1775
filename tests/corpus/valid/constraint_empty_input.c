int f(int x)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : ""(x));
    return r;
}
