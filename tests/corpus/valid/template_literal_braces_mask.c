/* flags: -mavx512f */
typedef float v16sf __attribute__((vector_size(64)));
v16sf f(v16sf a, v16sf b, unsigned short m)
{
    v16sf r;
    asm("vaddps %2, %1, %0%{%3%}%{z%}" : "=v"(r) : "v"(a), "v"(b), "Yk"(m));
    return r;
}
