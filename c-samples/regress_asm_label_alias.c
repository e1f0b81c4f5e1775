/* exasm-sample: glibc's __REDIRECT: pthread_mutexattr_getrobust_np is declared with the asm label of pthread_mutexattr_getrobust, which is declared too (with another parameter type); renaming must not redeclare it (found building libgcrypt's t-lock through exasm cc) */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

int main(void)
{
    pthread_mutexattr_t a;
    int robust = -1;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_getrobust_np(&a, &robust);
    unsigned x = (unsigned) robust;
    __asm__ ("addl $41, %0" : "+r" (x));
    printf("%d %u\n", robust, x);
    return 0;
}
