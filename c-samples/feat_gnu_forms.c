/* exasm-sample: GNU C forms around asm statements: old-style definitions, nested functions, __real__/__imag__, attributes after struct, adjacent constraint literals, computed goto, _Alignas, anonymous members, flexible arrays, bit-fields, late register variables, _Float128 */
/* exasm-needs: gnuc */
#include <stdio.h>
#include <string.h>

/* An old-style definition: the parameters are declared after the declarator. */
long kr_add(a, b)
    long a;
    int b;
{
    __asm__ ("addq %1, %0" : "+r" (a) : "r" ((long) b));
    return a;
}

/* A nested function before the asm: exasm never parses it. */
int nested(int v)
{
    int twice(int q) { return q * 2; }
    __asm__ ("incl %0" : "+r" (v));
    return twice(v);
}

/* __real__ and __imag__ as register and memory operands. */
double complex_parts(_Complex double z)
{
    double r;
    __asm__ ("movsd %1, %0" : "=x" (r) : "x" (__real__ z));
    __asm__ ("addsd %1, %0" : "+x" (r) : "m" (__imag__ z));
    __asm__ ("mulsd %1, %0" : "+x" (__imag__ z) : "x" (r));
    return r + __imag__ z;
}

/* Attributes after the struct keyword, in a block. */
int aligned_block(void)
{
    struct __attribute__((aligned(32))) S { int a[4]; } s = {{1, 2, 3, 4}};
    int r;
    __asm__ ("movl %1, %0\n\taddl %2, %0" : "=&r" (r) : "m" (s.a[1]), "m" (s.a[3]));
    return r + (int) _Alignof(struct S);
}

/* Constraints written as adjacent string literals. */
int adjacent(int x)
{
    int y;
    __asm__ ("movl %1, %0\n\tshll $3, %0" : "=" "r" (y) : "r" "m" (x));
    return y;
}

/* Computed goto and label addresses around the asm. */
int computed(int k)
{
    static void *table[] = { &&even, &&odd };
    goto *table[k & 1];
even:
    __asm__ ("addl $100, %0" : "+r" (k));
    return k;
odd:
    __asm__ ("subl $100, %0" : "+r" (k));
    return k;
}

/* _Alignas, anonymous members, a flexible array member, bit-fields. */
_Alignas(32) static long aligned_global[4] = {5, 6, 7, 8};
struct anon { int k; union { int u; float f; }; struct { short s1, s2; }; };
struct flex { int n; long d[]; };
struct bits { int a : 3; unsigned b : 5; unsigned c : 24; };

long members(struct anon *p, struct flex *f, struct bits *b)
{
    _Alignas(16) long local = 40;
    __asm__ ("incl %0" : "+m" (p->u));
    __asm__ ("addw $7, %0" : "+r" (p->s2));
    __asm__ ("incq %0" : "+m" (f->d[2]));
    __asm__ ("addq %1, %0" : "+r" (local) : "m" (aligned_global[2]));
    unsigned r;
    __asm__ ("movzbl %b1, %0\n\taddl %2, %0" : "=&r" (r) : "r" (b->b), "r" (b->c));
    return local + p->u + p->s2 + f->d[2] + r;
}

/* A register variable declared after other statements; attributes in many positions. */
__attribute__((noinline)) int __attribute__((used)) late_register(int __attribute__((unused)) x)
{
    x++;
    register int rv __asm__ ("ebx") = x;
    int __attribute__((aligned(8))) y __attribute__((unused)) = x;
    __asm__ ("addl %1, %0" : "+r" (rv) : "r" (y));
    return rv;
}

/* _Float128 in an SSE register. */
_Float128 quad(_Float128 x)
{
    __asm__ ("" : "+x" (x));
    return x * 2;
}

int main(void)
{
    printf("kr %ld\n", kr_add(40L, 2));
    printf("nested %d\n", nested(20));
    _Complex double z = 1.5 + 2.25i;
    printf("complex %.3f\n", complex_parts(z));
    printf("aligned %d\n", aligned_block());
    printf("adjacent %d\n", adjacent(5));
    printf("computed %d %d\n", computed(4), computed(7));
    struct anon a = { 1, { 10 }, { 3, 4 } };
    struct flex *f = __builtin_alloca(sizeof(struct flex) + 4 * sizeof(long));
    memset(f, 0, sizeof(struct flex) + 4 * sizeof(long));
    f->d[2] = 41;
    struct bits b = { -1, 17, 1000 };
    printf("members %ld %d %d\n", members(&a, f, &b), a.u, a.s2);
    printf("late %d\n", late_register(9));
    printf("quad %d\n", (int) quad(21));
    return 0;
}
