/* flags: -mavx512f */
typedef float v16sf __attribute__((vector_size(64)));
v16sf f(v16sf a, v16sf b, unsigned short m)
{
    asm("vaddps %1, %0, %0%{%2%}" : "+v"(a) : "v"(b), "Yk"(m));
    return a;
}
