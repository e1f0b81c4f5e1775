typedef int v4si __attribute__((vector_size(16)));
v4si f(v4si a, v4si b)
{
    asm("paddd %1, %0" : "+x"(a) : "xm"(b));
    return a;
}
