/* exasm-sample: named address spaces: __seg_gs objects and pointers as memory operands print with their segment (%gs:), as gcc prints them; user space runs with a zero %gs base, so a __seg_gs pointer to an ordinary object reads it */
/* exasm-needs: gnuc */
#include <stdio.h>
#include <stdint.h>

static int plain[4] = {3, 5, 7, 11};

int through_gs(int k)
{
    __seg_gs int *p = (__seg_gs int *) (uintptr_t) &plain[0];
    int r;
    __asm__ ("movl %1, %0" : "=r" (r) : "m" (p[k]));
    __asm__ ("addl %1, %0" : "+r" (r) : "m" (*p));
    return r;
}

int main(void)
{
    printf("gs %d %d\n", through_gs(1), through_gs(3));
    return 0;
}
