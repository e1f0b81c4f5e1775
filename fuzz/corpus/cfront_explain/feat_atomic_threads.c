/* exasm-sample: lock xadd and lock cmpxchg increments from 4 pthreads reach an exact total */
#include <stdio.h>
#include <pthread.h>

#define NTHREADS 4
#define ITERS 200000

static long xadd_counter;
static long cas_counter;

static inline void atomic_inc(long *p)
{
    long one = 1;
    asm volatile ("lock xaddq %0, %1" : "+r" (one), "+m" (*p) : : "memory", "cc");
}

static inline int cas(long *p, long old, long new_)
{
    char ok;
    asm volatile ("lock cmpxchgq %3, %1\n\t"
                  "sete %0"
                  : "=q" (ok), "+m" (*p), "+a" (old)
                  : "r" (new_)
                  : "memory", "cc");
    return ok;
}

static void *worker(void *arg)
{
    long i;
    (void)arg;
    for (i = 0; i < ITERS; i++) {
        long cur;
        atomic_inc(&xadd_counter);
        do {
            cur = *(volatile long *)&cas_counter;
        } while (!cas(&cas_counter, cur, cur + 2));
    }
    return NULL;
}

int main(void)
{
    pthread_t th[NTHREADS];
    int i;

    for (i = 0; i < NTHREADS; i++)
        if (pthread_create(&th[i], NULL, worker, NULL) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
    for (i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);
    printf("xadd counter = %ld (expected %ld)\n", xadd_counter,
           (long)NTHREADS * ITERS);
    printf("cas counter = %ld (expected %ld)\n", cas_counter,
           2L * NTHREADS * ITERS);
    return 0;
}
