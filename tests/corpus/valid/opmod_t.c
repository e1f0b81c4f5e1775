typedef float v4sf __attribute__((vector_size(16)));
v4sf f(v4sf a)
{
    asm("vxorps %t0, %t0, %t0" : "+x"(a));
    return a;
}
