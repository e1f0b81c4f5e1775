/* expect: 'asm' operand has impossible constraints */
typedef float v4sf __attribute__((vector_size(16)));
v4sf f(v4sf a, v4sf b, v4sf m)
{
    asm("blendvps %2, %1, %0" : "+x"(a) : "x"(b), "Yz"(m) : "xmm0");
    return a;
}
