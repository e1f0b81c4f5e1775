enum e { NO, YES };
enum e f(int a)
{
    enum e r;
    asm("testl %1, %1" : "=@ccs"(r) : "r"(a));
    return r;
}
