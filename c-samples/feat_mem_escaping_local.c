/* exasm-sample: locals whose address escapes to other threads as "+m"/"=m"/"m" operands: the asm must work on the objects themselves (handshakes, lock incl) */
#include <stdio.h>
#include <pthread.h>
#include <time.h>

#define WAIT_NS 2000000000L   /* a helper gives up after 2 s */
#define LOOP 200000
#define NHELPERS 2

/* Set by a helper that gave up waiting: the asm's spin loops also poll it, so
   a wrong lowering (the asm working on a copy of a local) ends with a wrong
   answer instead of a hang.  A global is addressed by its symbol. */
static int g_abort;

static long elapsed_ns(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000000000L + (t.tv_nsec - t0->tv_nsec);
}

/* Waits until *p == want: 0 when it does, 1 after WAIT_NS. */
static int wait_for(volatile int *p, int want)
{
    struct timespec t0, nap = { 0, 100000 };
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (*p != want) {
        if (elapsed_ns(&t0) > WAIT_NS)
            return 1;
        nanosleep(&nap, NULL);
    }
    return 0;
}

struct shake {
    volatile int *ready;    /* main's local, incremented by the asm */
    volatile int *go;       /* main's local, set here, polled by the asm */
    volatile long *shared;  /* main's local, set here before go, then updated by the asm */
    long seen_after;        /* what this thread read back from *shared */
    int timeouts;
};

static void *helper(void *arg)
{
    struct shake *s = arg;
    /* 1. the asm announces that it runs by incrementing main's `ready` */
    if (wait_for(s->ready, 1)) {
        s->timeouts++;
        *(volatile int *)&g_abort = 1;
        return NULL;
    }
    /* 2. hand a value over in main's `shared`, then release the asm's spin */
    *s->shared = 12345;
    *s->go = 1;
    /* 3. the asm adds 1000 to `shared`, then increments `ready` again */
    if (wait_for(s->ready, 2)) {
        s->timeouts++;
        return NULL;
    }
    s->seen_after = *s->shared;
    return NULL;
}

struct adder {
    int *counter;           /* main's local, incremented by everyone */
    volatile int *start;    /* main's local, set by the asm */
    int *running;           /* main's local, polled by the asm */
    int timeouts;
};

static void *add_helper(void *arg)
{
    struct adder *a = arg;
    int i;
    if (wait_for(a->start, 1)) {
        asm volatile("lock; incl %0" : "+m"(a->timeouts) : : "memory", "cc");
        *(volatile int *)&g_abort = 1;
    }
    asm volatile("lock; incl %0" : "+m"(*a->running) : : "memory", "cc");
    for (i = 0; i < LOOP; i++)
        asm volatile("lock; incl %0" : "+m"(*a->counter) : : "memory", "cc");
    return NULL;
}

int main(void)
{
    /* Part 1: a handshake with another thread inside one asm statement. */
    {
        int ready = 0, go = 0;
        long shared = 0, seen;
        int by_go;
        struct shake s;
        pthread_t th;

        s.ready = &ready;
        s.go = &go;
        s.shared = &shared;
        s.seen_after = 0;
        s.timeouts = 0;
        if (pthread_create(&th, NULL, helper, &s) != 0) {
            printf("pthread_create failed\n");
            return 1;
        }
        asm volatile("lock; incl %[ready]\n\t"      /* ready = 1 */
                     "xorl %[by_go], %[by_go]\n"
                     "1:\n\t"
                     "pause\n\t"
                     "cmpl $0, %[abort]\n\t"
                     "jne 2f\n\t"
                     "cmpl $0, %[go]\n\t"
                     "je 1b\n\t"
                     "movl $1, %[by_go]\n"
                     "2:\n\t"
                     "movq %[shared], %[seen]\n\t"  /* the helper's value */
                     "addq $1000, %[shared]\n\t"
                     "lock; incl %[ready]"          /* ready = 2 */
                     : [ready] "+m"(ready), [shared] "+m"(shared), [seen] "=&r"(seen),
                       [by_go] "=&r"(by_go)
                     : [go] "m"(go), [abort] "m"(g_abort)
                     : "memory", "cc");
        pthread_join(th, NULL);
        printf("handshake: left the spin by go=%d, aborted=%d, seen=%ld\n", by_go, g_abort, seen);
        printf("handshake: the helper read back %ld, helper timeouts=%d\n", s.seen_after, s.timeouts);
        printf("handshake: ready=%d go=%d shared=%ld\n", ready, go, shared);
    }

    /* Part 2: lock incl on a local counter from the asm and from helper
       threads at the same time.  The asm starts the helpers through one local
       ("=m") and waits until both run (another local, "m") before its own
       loop, so the total is exact only if every access reaches the objects
       themselves. */
    {
        int counter = 0, start = 0, running = 0, waited;
        struct adder a;
        pthread_t th[NHELPERS];
        int i;

        a.counter = &counter;
        a.start = &start;
        a.running = &running;
        a.timeouts = 0;
        g_abort = 0;
        for (i = 0; i < NHELPERS; i++)
            if (pthread_create(&th[i], NULL, add_helper, &a) != 0) {
                printf("pthread_create failed\n");
                return 1;
            }
        asm volatile("movl $1, %[start]\n\t"
                     "xorl %[waited], %[waited]\n"
                     "1:\n\t"
                     "pause\n\t"
                     "cmpl $0, %[abort]\n\t"
                     "jne 2f\n\t"
                     "cmpl %[nh], %[running]\n\t"
                     "jne 1b\n\t"
                     "movl $1, %[waited]\n"
                     "2:\n\t"
                     "movl %[n], %%ecx\n"
                     "3:\n\t"
                     "lock; incl %[counter]\n\t"
                     "decl %%ecx\n\t"
                     "jnz 3b"
                     : [counter] "+m"(counter), [start] "=m"(start), [waited] "=&r"(waited)
                     : [n] "i"(LOOP), [nh] "i"(NHELPERS), [running] "m"(running),
                       [abort] "m"(g_abort)
                     : "rcx", "memory", "cc");
        for (i = 0; i < NHELPERS; i++)
            pthread_join(th[i], NULL);
        printf("counter: waited for the helpers=%d, helper timeouts=%d, aborted=%d\n", waited,
               a.timeouts, g_abort);
        printf("counter = %d (expected %d), running=%d\n", counter, (NHELPERS + 1) * LOOP, running);
    }
    return 0;
}
