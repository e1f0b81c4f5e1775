/* exasm-sample: many "m"(p[k]) operands through one pointer (one base register when optimizing), "+m"/"=m" struct fields through one pointer, variable-index "m"(p[i]) */
#include <stdio.h>

struct rec {
    long count;
    int arr[4];
    long total;
    short tag;
};

/* 21 "m" operands through the pointer v and one "=&r" output.  gcc -O1 and
   above address all of them from one base register, (%rdi) 8(%rdi) ...
   160(%rdi); gcc -O0 loads v into a register for every operand and runs out
   of registers ("'asm' operand has impossible constraints"), so without
   optimization the same sum is taken by two statements. */
static long sum21(const long *v)
{
    long r, r2;
#ifdef __OPTIMIZE__
    asm("movq %1, %0\n\t"
        "addq %2, %0\n\taddq %3, %0\n\taddq %4, %0\n\taddq %5, %0\n\t"
        "addq %6, %0\n\taddq %7, %0\n\taddq %8, %0\n\taddq %9, %0\n\t"
        "addq %10, %0\n\taddq %11, %0\n\taddq %12, %0\n\taddq %13, %0\n\t"
        "addq %14, %0\n\taddq %15, %0\n\taddq %16, %0\n\taddq %17, %0\n\t"
        "addq %18, %0\n\taddq %19, %0\n\taddq %20, %0\n\taddq %21, %0"
        : "=&r"(r)
        : "m"(v[0]), "m"(v[1]), "m"(v[2]), "m"(v[3]), "m"(v[4]), "m"(v[5]), "m"(v[6]),
          "m"(v[7]), "m"(v[8]), "m"(v[9]), "m"(v[10]), "m"(v[11]), "m"(v[12]), "m"(v[13]),
          "m"(v[14]), "m"(v[15]), "m"(v[16]), "m"(v[17]), "m"(v[18]), "m"(v[19]), "m"(v[20]));
    r2 = 0;
#else
    asm("movq %1, %0\n\t"
        "addq %2, %0\n\taddq %3, %0\n\taddq %4, %0\n\taddq %5, %0\n\t"
        "addq %6, %0\n\taddq %7, %0\n\taddq %8, %0\n\taddq %9, %0\n\t"
        "addq %10, %0"
        : "=&r"(r)
        : "m"(v[0]), "m"(v[1]), "m"(v[2]), "m"(v[3]), "m"(v[4]), "m"(v[5]), "m"(v[6]),
          "m"(v[7]), "m"(v[8]), "m"(v[9]));
    asm("movq %1, %0\n\t"
        "addq %2, %0\n\taddq %3, %0\n\taddq %4, %0\n\taddq %5, %0\n\t"
        "addq %6, %0\n\taddq %7, %0\n\taddq %8, %0\n\taddq %9, %0\n\t"
        "addq %10, %0\n\taddq %11, %0"
        : "=&r"(r2)
        : "m"(v[10]), "m"(v[11]), "m"(v[12]), "m"(v[13]), "m"(v[14]), "m"(v[15]),
          "m"(v[16]), "m"(v[17]), "m"(v[18]), "m"(v[19]), "m"(v[20]));
#endif
    return r + r2;
}

/* Struct fields through one pointer: "+m" and "=m" outputs next to "m" inputs
   at several offsets of the same object. */
static void update(struct rec *p, int add)
{
    asm("incq %0\n\t"
        "movl %4, %%eax\n\t"
        "addl %5, %%eax\n\t"
        "addl %6, %%eax\n\t"
        "addl %7, %%eax\n\t"
        "movl %%eax, %1\n\t"
        "cltq\n\t"
        "addq %%rax, %2\n\t"
        "addw %w8, %3"
        : "+m"(p->count), "=m"(p->arr[2]), "+m"(p->total), "+m"(p->tag)
        : "m"(p->arr[0]), "m"(p->arr[1]), "m"(p->arr[3]), "r"(add), "r"(add)
        : "rax", "cc");
}

/* Variable index: "m"(v[i]) and "+m"(w[i]) (at -O2, (%rdi,%rax,8)-style
   operands), and "m"(v[n - 1 - i]) with a second index expression. */
static long dot_and_mix(const long *v, long *w, int n)
{
    long acc = 0;
    int i;
    for (i = 0; i < n; i++)
        asm("movq %2, %%rdx\n\t"
            "xorq %%rdx, %1\n\t"
            "imulq %3, %%rdx\n\t"
            "addq %%rdx, %0"
            : "+r"(acc), "+m"(w[i])
            : "m"(v[i]), "m"(v[n - 1 - i])
            : "rdx", "cc");
    return acc;
}

/* Variable index into an array of structs: "+m"(p[i].count), "m"(p[i].arr[j]). */
static void bump_rows(struct rec *p, int rows)
{
    int i, j;
    for (i = 0; i < rows; i++)
        for (j = 0; j < 4; j++)
            asm("movslq %1, %%rcx\n\t"
                "addq %%rcx, %0"
                : "+m"(p[i].count)
                : "m"(p[i].arr[j])
                : "rcx", "cc");
}

int main(void)
{
    long v[21], w[8];
    struct rec recs[3];
    int i, k;

    for (k = 0; k < 21; k++)
        v[k] = (long)(k + 1) * (k + 1) * 1000003L - 7 * k;
    printf("sum21 = %ld\n", sum21(v));

    for (i = 0; i < 3; i++) {
        recs[i].count = 10 * i;
        for (k = 0; k < 4; k++)
            recs[i].arr[k] = 100 * i + 7 * k + 1;
        recs[i].total = -5;
        recs[i].tag = (short)(i + 1);
    }
    for (k = 0; k < 3; k++)
        update(&recs[1], k + 1);
    for (i = 0; i < 3; i++)
        printf("rec %d: count=%ld arr={%d,%d,%d,%d} total=%ld tag=%d\n", i, recs[i].count,
               recs[i].arr[0], recs[i].arr[1], recs[i].arr[2], recs[i].arr[3], recs[i].total,
               recs[i].tag);

    for (k = 0; k < 8; k++)
        w[k] = 0x1000L * k + 0x55;
    printf("dot_and_mix = %ld\n", dot_and_mix(v, w, 8));
    for (k = 0; k < 8; k++)
        printf("w[%d] = %#lx\n", k, w[k]);

    bump_rows(recs, 3);
    for (i = 0; i < 3; i++)
        printf("rec %d: count=%ld\n", i, recs[i].count);
    return 0;
}
