/* exasm-sample: thread-local objects (__thread, _Thread_local, static, declared extern first) as asm memory operands in 4 threads */
/* exasm-needs: gnu */
#include <stdio.h>
#include <pthread.h>

#define NTHREADS 4

extern _Thread_local long late;
_Thread_local long counter;
static __thread int slots[4] = {10, 20, 30, 40};
/* File scope: chibicc (Debian 0~git20201207) makes a block-scope static _Thread_local an
   ordinary static. */
static _Thread_local int calls;

static long bump(void)
{
    asm("incl %0" : "+m"(calls));
    return calls;
}

static void *worker(void *arg)
{
    long id = (long)arg;
    long i, got, same;
    for (i = 0; i <= id; i++)
        asm("incq %0" : "+m"(counter));
    asm("addl %k1, %0" : "+m"(slots[2]) : "r"(id));
    asm("movq %1, %0" : "=r"(got) : "m"(late));
    asm("addq %1, %0" : "+r"(got) : "m"(counter));
    for (i = 0; i < 3 - id; i++)
        bump();
    /* The address an "r" operand receives is this thread's object. */
    asm("xorq %1, %0" : "=r"(same) : "r"(&counter), "0"(&counter));
    got = got * 1000 + slots[2] * 10 + bump();
    return (void *)(got + (same != 0) * 1000000);
}

int main(void)
{
    pthread_t t[NTHREADS];
    long i;
    for (i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        printf("thread %ld: %ld\n", i, (long)r);
    }
    printf("main: counter %ld slots[2] %d late %ld\n", counter, slots[2], late);
    return 0;
}

_Thread_local long late = 7;
