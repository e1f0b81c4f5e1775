/* flags: -mavx */
typedef float v8 __attribute__((vector_size(32)));
void f(v8 *p)
{
    v8 a = *p;
    __asm("vaddps %0, %0, %0" : "+x"(a));
    *p = a;
}
