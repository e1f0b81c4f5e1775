typedef float v4sf __attribute__((vector_size(16)));
v4sf blend(v4sf a, v4sf b, v4sf mask)
{
    asm("blendvps %2, %1, %0" : "+x"(a) : "x"(b), "Yz"(mask));
    return a;
}
