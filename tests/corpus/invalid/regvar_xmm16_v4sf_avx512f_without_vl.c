/* expect: register specified for 'x' isn't suitable for data type */
/* flags: -mavx512f */
typedef float v4 __attribute__((vector_size(16)));
v4 f(v4 a)
{
    register v4 x __asm("xmm16") = a;
    __asm("vaddps %0, %0, %0" : "+v"(x));
    return x;
}
