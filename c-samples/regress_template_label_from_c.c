/* exasm-sample: a label defined inside a template and named from C (`extern const unsigned char blob[]`, read as data): gcc resolves it within its one object, the thunk object exports it (found building a multimedia library) */
#include <stdio.h>

extern const unsigned char blob[];

static int seven(void)
{
    int r;
    __asm__ ("jmp 1f\n"
             "blob:\n\t.byte 0x90, 0x2a, 0x07\n"
             "1:\tmovzbl blob+2(%%rip), %0"
             : "=r" (r) : : "memory");
    return r;
}

int main(void)
{
    printf("%d %d %d %d\n", seven(), blob[0], blob[1], blob[2]);
    return 0;
}
