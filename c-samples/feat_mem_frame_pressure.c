/* exasm-sample: "=m"/"+m" scratch locals beside 11 clobbered GPRs and "+S" "b" "D" operands (secp256k1 field-multiply shape): 128x128-bit multiply-accumulate */
#include <stdio.h>
#include <stdint.h>

/* Reference: 64x64 -> 128 bits from 32-bit halves. */
static void mul64(uint64_t x, uint64_t y, uint64_t *hi, uint64_t *lo)
{
    uint64_t xl = x & 0xffffffffu, xh = x >> 32, yl = y & 0xffffffffu, yh = y >> 32;
    uint64_t ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    *lo = (mid << 32) | (ll & 0xffffffffu);
    *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* Reference: acc[0..4] += (a[0] + a[1]*2^64) * (b[0] + b[1]*2^64). */
static void ref_muladd(uint64_t acc[5], const uint64_t a[2], const uint64_t b[2])
{
    uint64_t w[4] = { 0, 0, 0, 0 };
    int i, j, k;
    for (i = 0; i < 2; i++)
        for (j = 0; j < 2; j++) {
            uint64_t hi, lo, c;
            mul64(a[i], b[j], &hi, &lo);
            k = i + j;
            w[k] += lo;
            c = w[k] < lo;
            hi += c;            /* hi <= 2^64 - 2, no overflow */
            k++;
            w[k] += hi;
            c = w[k] < hi;
            for (k++; c && k < 4; k++) {
                w[k] += 1;
                c = w[k] == 0;
            }
        }
    {
        uint64_t c = 0;
        for (k = 0; k < 4; k++) {
            uint64_t s = acc[k] + w[k];
            uint64_t c1 = s < w[k];
            uint64_t s2 = s + c;
            uint64_t c2 = s2 < c;
            acc[k] = s2;
            c = c1 | c2;
        }
        acc[4] += c;
    }
}

static uint64_t last_tmp1, last_tmp2, last_tmp3;

/* r[0..4] += a[0..1] * b[0..1]; returns a + 2 (the asm advances %rsi).  Like
   secp256k1_fe_mul_inner: a in "+S", b in "b", r in "D", every other GPR but rbp
   clobbered, and the partial words kept in "=m" locals (frame slots). */
static const uint64_t *muladd(uint64_t *r, const uint64_t *a, const uint64_t *b, uint64_t *calls)
{
    uint64_t tmp1, tmp2, tmp3;
    uint64_t count = *calls;
    __asm__ volatile(
        "movq 0(%%rsi), %%r8\n\t"
        "movq 8(%%rsi), %%r9\n\t"
        "movq 0(%%rbx), %%r10\n\t"
        "movq 8(%%rbx), %%r11\n\t"
        /* a0*b0: word 0 in tmp1 */
        "movq %%r8, %%rax\n\t"
        "mulq %%r10\n\t"
        "movq %%rax, %1\n\t"
        "movq %%rdx, %%r12\n\t"
        "xorq %%r13, %%r13\n\t"
        "xorq %%r14, %%r14\n\t"
        /* a0*b1 + a1*b0: word 1 in tmp2 */
        "movq %%r8, %%rax\n\t"
        "mulq %%r11\n\t"
        "addq %%rax, %%r12\n\t"
        "adcq %%rdx, %%r13\n\t"
        "adcq $0, %%r14\n\t"
        "movq %%r9, %%rax\n\t"
        "mulq %%r10\n\t"
        "addq %%rax, %%r12\n\t"
        "adcq %%rdx, %%r13\n\t"
        "adcq $0, %%r14\n\t"
        "movq %%r12, %2\n\t"
        /* a1*b1: words 2 (tmp3) and 3 (r14) */
        "movq %%r9, %%rax\n\t"
        "mulq %%r11\n\t"
        "addq %%rax, %%r13\n\t"
        "adcq %%rdx, %%r14\n\t"
        "movq %%r13, %3\n\t"
        /* r += the product, reading the words back from the frame slots */
        "movq %1, %%rax\n\t"
        "movq %2, %%rcx\n\t"
        "movq %3, %%r15\n\t"
        "addq %%rax, 0(%%rdi)\n\t"
        "adcq %%rcx, 8(%%rdi)\n\t"
        "adcq %%r15, 16(%%rdi)\n\t"
        "adcq %%r14, 24(%%rdi)\n\t"
        "adcq $0, 32(%%rdi)\n\t"
        "leaq 16(%%rsi), %%rsi\n\t"
        "incq %4"
        : "+S"(a), "=m"(tmp1), "=m"(tmp2), "=m"(tmp3), "+m"(count)
        : "b"(b), "D"(r)
        : "rax", "rcx", "rdx", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "cc", "memory");
    *calls = count;
    last_tmp1 = tmp1;
    last_tmp2 = tmp2;
    last_tmp3 = tmp3;
    return a;
}

int main(void)
{
    static const uint64_t as[4][2] = {
        { 0xffffffffffffffffull, 0xffffffffffffffffull },
        { 0x0123456789abcdefull, 0xfedcba9876543210ull },
        { 0x8000000000000001ull, 0x0000000000000002ull },
        { 0xdeadbeefcafebabeull, 0x0badf00dfeedfaceull },
    };
    static const uint64_t bs[4][2] = {
        { 0xffffffffffffffffull, 0xffffffffffffffffull },
        { 0x1111111111111111ull, 0x2222222222222222ull },
        { 0x7fffffffffffffffull, 0x8000000000000000ull },
        { 0x0f0f0f0f0f0f0f0full, 0xf0f0f0f0f0f0f0f0ull },
    };
    uint64_t acc[5] = { 0, 0, 0, 0, 0 }, ref[5] = { 0, 0, 0, 0, 0 };
    uint64_t calls = 0;
    const uint64_t *pa = &as[0][0];
    int i, k, ok = 1;

    for (i = 0; i < 4; i++) {
        const uint64_t *next = muladd(acc, pa, bs[i], &calls);
        if (next != pa + 2)
            ok = 0;
        pa = next;
        ref_muladd(ref, as[i], bs[i]);
        printf("step %d: tmp %016llx %016llx %016llx\n", i, (unsigned long long)last_tmp1,
               (unsigned long long)last_tmp2, (unsigned long long)last_tmp3);
        printf("        acc");
        for (k = 4; k >= 0; k--)
            printf(" %016llx", (unsigned long long)acc[k]);
        printf("\n");
        for (k = 0; k < 5; k++)
            if (acc[k] != ref[k])
                ok = 0;
    }
    printf("calls=%llu matches reference: %s\n", (unsigned long long)calls, ok ? "yes" : "NO");
    return ok ? 0 : 1;
}
