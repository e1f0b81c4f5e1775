/* exasm-sample: GCC manual: rdtsc / rdtscp with "=a" "=d" "=c" outputs and an rdx clobber (prints only stable facts) */
#include <stdio.h>
#include <stdint.h>

static uint64_t read_tsc(void)
{
    uint64_t msr;

    asm volatile ("rdtsc\n\t"          /* Returns the time in EDX:EAX. */
                  "shl $32, %%rdx\n\t" /* Shift the upper bits left.   */
                  "or %%rdx, %0"       /* 'Or' in the lower bits.      */
                  : "=a" (msr)
                  :
                  : "rdx");
    return msr;
}

static uint64_t read_tscp(uint32_t *aux)
{
    uint32_t lo, hi, c;

    asm volatile ("rdtscp" : "=a" (lo), "=d" (hi), "=c" (c));
    *aux = c;
    return ((uint64_t)hi << 32) | lo;
}

int main(void)
{
    uint64_t t0 = read_tsc();
    uint32_t aux = 0xffffffffu;
    uint64_t t1 = read_tscp(&aux);
    uint64_t t2 = read_tscp(&aux);
    uint64_t rcx_full = 0;

    printf("rdtsc nonzero: %d\n", t0 != 0);
    printf("rdtscp nonzero: %d %d\n", t1 != 0, t2 != 0);
    /* TSC_AUX is a 32-bit MSR: ecx's value fits in 32 bits, and the
       64-bit rcx written by rdtscp has a zero upper half. */
    asm volatile ("rdtscp\n\t"
                  "mov %%rcx, %0"
                  : "=r" (rcx_full)
                  :
                  : "rax", "rdx", "rcx");
    printf("aux fits in 32 bits: %d\n", (rcx_full >> 32) == 0);
    return 0;
}
