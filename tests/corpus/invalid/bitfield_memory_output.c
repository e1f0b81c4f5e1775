/* expect: cannot take address of bit-field 'b' */
struct flags { unsigned a : 3, b : 5; } gf;
void f(void)
{
    asm("movl $1, %0" : "=m"(gf.b));
}
