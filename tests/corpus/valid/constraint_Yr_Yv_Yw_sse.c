typedef float v4 __attribute__((vector_size(16)));
v4 f(v4 x, v4 y, v4 z)
{
    v4 r;
    __asm__("movaps %1, %0\n\taddps %2, %0\n\taddps %3, %0" : "=&Yr"(r) : "Yv"(x), "Yw"(y), "YW"(z));
    return r;
}
