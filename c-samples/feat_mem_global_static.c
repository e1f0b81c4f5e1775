/* exasm-sample: globals and file-scope statics (arrays, struct fields at offsets) beside pointer operands in one statement, read ("m") and written ("+m", "=m") */
#include <stdio.h>
#include <stdint.h>

struct stats {
    int32_t hits;
    int16_t small;
    int64_t sum;
    uint8_t bytes[6];
    int64_t hist[4];
};

struct stats g_stats = { 1, 2, 3, { 1, 2, 3, 4, 5, 6 }, { 0, 0, 0, 0 } };
static struct stats s_stats = { 100, -2, 1000, { 9, 8, 7, 6, 5, 4 }, { 7, 7, 7, 7 } };
int64_t g_arr[6] = { 10, 20, 30, 40, 50, 60 };
static int32_t s_arr[5] = { -1, -2, -3, -4, -5 };
static int64_t s_scalar = 5;
int16_t g_short = 300;

/* One statement: global and static struct fields (at offsets 0, 4, 8, 16, 24
   and inside arrays), global and static array elements, and memory through a
   pointer parameter, read and written. */
static void mix(int64_t *dst, const int32_t *src, int k)
{
    asm("movslq %[src1], %%rax\n\t"         /* rax = src[1] */
        "addq %[garr3], %%rax\n\t"          /* + g_arr[3] */
        "movslq %[sarr2], %%rcx\n\t"
        "addq %%rcx, %%rax\n\t"             /* + s_arr[2] */
        "addq %%rax, %[gsum]\n\t"           /* g_stats.sum += rax */
        "incl %[ghits]\n\t"                 /* g_stats.hits++ */
        "movswq %[ssmall], %%rcx\n\t"
        "subq %%rcx, %[ssum]\n\t"           /* s_stats.sum -= s_stats.small */
        "movzbl %[gb4], %%ecx\n\t"
        "addb %%cl, %[sb1]\n\t"             /* s_stats.bytes[1] += g_stats.bytes[4] */
        "movq %[ssum], %%rcx\n\t"
        "movq %%rcx, %[dst0]\n\t"           /* dst[0] = s_stats.sum */
        "addq %[sscalar], %%rax\n\t"
        "movq %%rax, %[dst2]\n\t"           /* dst[2] = rax + s_scalar */
        "addq %[dst1], %%rcx\n\t"
        "movq %%rcx, %[ghist2]\n\t"         /* g_stats.hist[2] = s_stats.sum + dst[1] */
        "incq %[shist3]\n\t"                /* s_stats.hist[3]++ */
        "addw %w[k], %[gshort]\n\t"         /* g_short += k */
        "shlq $1, %[sscalar]\n\t"           /* s_scalar *= 2 */
        "movl %[src0], %%ecx\n\t"
        "addl %%ecx, %[sarr4]"              /* s_arr[4] += src[0] */
        : [gsum] "+m"(g_stats.sum), [ghits] "+m"(g_stats.hits), [ssum] "+m"(s_stats.sum),
          [sb1] "+m"(s_stats.bytes[1]), [dst0] "=m"(dst[0]), [dst2] "=m"(dst[2]),
          [ghist2] "=m"(g_stats.hist[2]), [shist3] "+m"(s_stats.hist[3]),
          [gshort] "+m"(g_short), [sscalar] "+m"(s_scalar), [sarr4] "+m"(s_arr[4])
        : [src1] "m"(src[1]), [garr3] "m"(g_arr[3]), [sarr2] "m"(s_arr[2]),
          [ssmall] "m"(s_stats.small), [gb4] "m"(g_stats.bytes[4]), [dst1] "m"(dst[1]),
          [src0] "m"(src[0]), [k] "r"(k)
        : "rax", "rcx", "cc");
}

/* Variable indexes into a global and a static array in one statement, with a
   pointer operand. */
static void swap_into(int64_t *out, int i, int j)
{
    asm("movq %2, %%rax\n\t"
        "movslq %3, %%rdx\n\t"
        "xchgq %%rax, %0\n\t"
        "addq %%rdx, %%rax\n\t"
        "movq %%rax, %1"
        : "+m"(g_arr[i]), "=m"(*out)
        : "m"(s_stats.hist[j]), "m"(s_arr[i % 5])
        : "rax", "rdx");
}

static void show(const char *when, const int64_t *d)
{
    int k;
    printf("%s:\n", when);
    printf("  g_stats = {%d, %d, %lld, {%d,%d,%d,%d,%d,%d}, {%lld,%lld,%lld,%lld}}\n",
           g_stats.hits, g_stats.small, (long long)g_stats.sum, g_stats.bytes[0], g_stats.bytes[1],
           g_stats.bytes[2], g_stats.bytes[3], g_stats.bytes[4], g_stats.bytes[5],
           (long long)g_stats.hist[0], (long long)g_stats.hist[1], (long long)g_stats.hist[2],
           (long long)g_stats.hist[3]);
    printf("  s_stats = {%d, %d, %lld, {%d,%d,%d,%d,%d,%d}, {%lld,%lld,%lld,%lld}}\n",
           s_stats.hits, s_stats.small, (long long)s_stats.sum, s_stats.bytes[0], s_stats.bytes[1],
           s_stats.bytes[2], s_stats.bytes[3], s_stats.bytes[4], s_stats.bytes[5],
           (long long)s_stats.hist[0], (long long)s_stats.hist[1], (long long)s_stats.hist[2],
           (long long)s_stats.hist[3]);
    printf("  g_arr =");
    for (k = 0; k < 6; k++)
        printf(" %lld", (long long)g_arr[k]);
    printf("\n  s_arr =");
    for (k = 0; k < 5; k++)
        printf(" %d", s_arr[k]);
    printf("\n  s_scalar=%lld g_short=%d dst={%lld,%lld,%lld}\n", (long long)s_scalar, g_short,
           (long long)d[0], (long long)d[1], (long long)d[2]);
}

int main(void)
{
    int64_t dst[3] = { 0, 11, 0 };
    int32_t src[2] = { 1000, 2000 };
    int64_t outs[6];
    int k;

    show("before", dst);
    for (k = 1; k <= 3; k++) {
        mix(dst, src, k);
        src[0] += 1;
        dst[1] += 100;
    }
    show("after mix x3", dst);
    for (k = 0; k < 6; k++)
        swap_into(&outs[k], k, k % 4);
    printf("outs =");
    for (k = 0; k < 6; k++)
        printf(" %lld", (long long)outs[k]);
    printf("\n");
    show("after swap_into", dst);
    return 0;
}
