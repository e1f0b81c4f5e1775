int g;
void f(int *p, int x)
{
    asm("addl %1, %0" : "+r,m"(*p) : "rmi,ri"(x));
}
