/* expect: cannot take address of bit-field 'a' */
struct flags { unsigned a : 3, b : 5; };
unsigned f(struct flags *p)
{
    unsigned r;
    asm("movl %1, %0" : "=r"(r) : "m"(p->a));
    return r;
}
