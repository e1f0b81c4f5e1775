/* exasm-sample: asm labels on declarations (int f(void) asm("sym"), extern data asm("sym")) referenced from C and from templates; glibc's own (sscanf) */
#include <stdio.h>

/* The C name real_impl is emitted under the assembler name my_impl_sym. */
int real_impl(int x) asm ("my_impl_sym");
int real_impl(int x)
{
    return x + 42;
}

/* Data defined in C under an assembler name ... */
long storage_for_alias asm ("exasm_shared_long") = 1000;

/* ... and data defined in asm, declared in C under another C name. */
asm (".pushsection .data\n"
     ".globl exasm_asm_defined\n"
     ".balign 4\n"
     "exasm_asm_defined: .long 77\n"
     ".popsection");
extern int c_view_of_asm_data asm ("exasm_asm_defined");

int main(void)
{
    int a = 0, b = 0, n;
    long l;

    printf("real_impl(0) = %d\n", real_impl(0));

    /* the template uses the assembler name directly */
    {
        int (*fp)(int);
        asm ("lea my_impl_sym(%%rip), %0" : "=r" (fp));
        printf("my_impl_sym is real_impl: %d, fp(8) = %d\n", fp == real_impl,
               fp(8));
    }

    storage_for_alias += 5;
    printf("storage_for_alias = %ld\n", storage_for_alias);
    asm volatile ("movq exasm_shared_long(%%rip), %0" : "=r" (l) : : "memory");
    printf("exasm_shared_long via template = %ld\n", l);

    c_view_of_asm_data *= 2;
    printf("c_view_of_asm_data = %d\n", c_view_of_asm_data);
    asm volatile ("movl exasm_asm_defined(%%rip), %0" : "=r" (a) : : "memory");
    printf("exasm_asm_defined via template = %d\n", a);

    /* glibc maps sscanf to __isoc99_sscanf with an asm label in stdio.h */
    n = sscanf("12 30", "%d %d", &a, &b);
    printf("sscanf: n=%d a=%d b=%d\n", n, a, b);
    return 0;
}
