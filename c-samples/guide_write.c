/* exasm-sample: raw write(2) syscall: "=a" output tied by "0", "D" "S" "d" inputs, rcx/r11/memory clobbers */
#include <stdio.h>
#include <string.h>

static long raw_write(int fd, const void *buf, unsigned long len)
{
    long ret;

    asm volatile ("syscall"
                  : "=a" (ret)
                  : "0" (1L), "D" ((long)fd), "S" (buf), "d" (len)
                  : "rcx", "r11", "memory");
    return ret;
}

int main(void)
{
    static const char msg[] = "hello from a raw write syscall\n";
    char buf[64];
    long r;
    int i;

    printf("before\n");
    fflush(stdout);               /* keep stdio and raw writes in order */
    r = raw_write(1, msg, strlen(msg));
    printf("returned %ld\n", r);

    for (i = 0; i < 3; i++) {
        int n = snprintf(buf, sizeof buf, "line %d written by syscall\n", i);
        fflush(stdout);
        r = raw_write(1, buf, (unsigned long)n);
        printf("returned %ld (expected %d)\n", r, n);
    }
    fflush(stdout);
    r = raw_write(-1, msg, 1);    /* EBADF */
    printf("bad fd returned %ld\n", r);
    return 0;
}
