const int limit = 100;
int f(int x)
{
    asm("addl %1, %0" : "+r"(x) : "rm"(limit));
    return x;
}
