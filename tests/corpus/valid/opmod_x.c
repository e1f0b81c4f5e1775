/* flags: -mavx */
typedef float v8sf __attribute__((vector_size(32)));
v8sf f(v8sf a)
{
    asm("vaddps %x0, %x0, %x0" : "+x"(a));
    return a;
}
