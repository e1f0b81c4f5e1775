typedef float v4sf __attribute__((vector_size(16)));
v4sf add(v4sf a, v4sf b)
{
    asm("addps %1, %0" : "+x"(a) : "x"(b));
    return a;
}
