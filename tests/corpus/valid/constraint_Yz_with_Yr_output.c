typedef float v4 __attribute__((vector_size(16)));
v4 f(v4 x, v4 m)
{
    v4 r = x;
    __asm__("blendvps %2, %1, %0" : "+Yr"(r) : "Yr"(x), "Yz"(m));
    return r;
}
