int f(int x, int y)
{
    asm("addl %1, %0" : "+r"(x) : "r#m"(y));
    return x;
}
