typedef float v4sf __attribute__((vector_size(16)));
v4sf f(v4sf a)
{
    asm("vpxord %g0, %g0, %g0" : "+x"(a));
    return a;
}
