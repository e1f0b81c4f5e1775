/* expect: the register specified for 'x' cannot be accessed by the current target */
typedef float v4 __attribute__((vector_size(16)));
v4 f(v4 a)
{
    register v4 x __asm("xmm16") = a;
    __asm("vaddps %0, %0, %0" : "+v"(x));
    return x;
}
