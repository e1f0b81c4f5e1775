/* exasm-sample: an operand whose macro expansion crosses a system header's macro (offsetof) keeps line markers inside the expression text; the lowered call must stay one line (libgcrypt's wipememory) */
#include <stdio.h>
#include <stddef.h>

struct block { long size; char data[24]; };

#define TOUCH(ptr) __asm__ volatile ("incb (%0)" : : "r" (ptr) : "memory")
#define DATA_OF(b) ((char *) (b) + offsetof (struct block, data))

int main(void)
{
    struct block b = { 3, { 1, 2, 3 } };
    TOUCH (DATA_OF (&b));
    TOUCH (DATA_OF (&b) + 2);
    printf("%d %d %d\n", b.data[0], b.data[1], b.data[2]);
    return 0;
}
