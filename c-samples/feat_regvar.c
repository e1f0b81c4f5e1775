/* exasm-sample: local register variables (register T v asm("r10")) as syscall operands: getpid, write, rt_sigprocmask (4 args), mmap/munmap (6 args) */
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/mman.h>

static long raw_syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                         long a6)
{
    register long rax asm ("rax") = n;
    register long rdi asm ("rdi") = a1;
    register long rsi asm ("rsi") = a2;
    register long rdx asm ("rdx") = a3;
    register long r10 asm ("r10") = a4;
    register long r8 asm ("r8") = a5;
    register long r9 asm ("r9") = a6;

    asm volatile ("syscall"
                  : "+r" (rax)
                  : "r" (rdi), "r" (rsi), "r" (rdx), "r" (r10), "r" (r8), "r" (r9)
                  : "rcx", "r11", "memory");
    return rax;
}

static long raw_getpid(void)
{
    register long rax asm ("rax") = SYS_getpid;
    asm volatile ("syscall" : "+r" (rax) : : "rcx", "r11", "memory");
    return rax;
}

static long raw_write(int fd, const char *s, unsigned long len)
{
    register long rax asm ("rax") = SYS_write;
    register long rdi asm ("rdi") = fd;
    register const char *rsi asm ("rsi") = s;
    register unsigned long rdx asm ("rdx") = len;
    asm volatile ("syscall"
                  : "+r" (rax)
                  : "r" (rdi), "r" (rsi), "r" (rdx)
                  : "rcx", "r11", "memory");
    return rax;
}

int main(void)
{
    long r;

    printf("raw getpid == getpid(): %d\n", raw_getpid() == (long)getpid());

    fflush(stdout);
    r = raw_write(1, "raw write via register variables\n", 33);
    printf("write returned %ld\n", r);

    /* rt_sigprocmask(SIG_BLOCK, &set, &old, 8): the 4th argument is r10 */
    {
        unsigned long set = 1UL << (SIGUSR1 - 1), old = 0, now = 0;
        r = raw_syscall6(SYS_rt_sigprocmask, SIG_BLOCK, (long)&set, (long)&old,
                         8, 0, 0);
        printf("rt_sigprocmask block returned %ld\n", r);
        r = raw_syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, (long)&now,
                         8, 0, 0);
        printf("rt_sigprocmask restore returned %ld, SIGUSR1 was blocked: %d\n",
               r, (int)((now >> (SIGUSR1 - 1)) & 1));
        r = raw_syscall6(SYS_rt_sigprocmask, SIG_BLOCK, 0, (long)&now, 8, 0, 0);
        printf("mask restored to the original: %d\n", now == old);
    }

    /* mmap with all six argument registers */
    {
        long p = raw_syscall6(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        int ok = p > 0 || p < -4095;
        printf("mmap ok: %d\n", ok);
        if (ok) {
            char *c = (char *)p;
            strcpy(c, "mapped page");
            printf("page says: %s, zero after: %d\n", c, c[4095] == 0);
            r = raw_syscall6(SYS_munmap, p, 4096, 0, 0, 0, 0);
            printf("munmap returned %ld\n", r);
        }
    }

    /* a register variable as an ordinary "r" operand elsewhere */
    {
        register int r12v asm ("r12") = 5;
        int out;
        asm ("leal 1(%1,%1,2), %0" : "=r" (out) : "r" (r12v));
        printf("r12 operand: %d\n", out);
    }
    return 0;
}
