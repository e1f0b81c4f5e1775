/* expect: inconsistent operand constraints in an 'asm' */
typedef float v8 __attribute__((vector_size(32)));
void f(v8 *p)
{
    v8 x = *p;
    asm("" : "+xm"(x));
    *p = x;
}
