/* exasm-sample: string instructions: rep movsb / rep stosb / rep stosl / repe cmpsb with "+D" "+S" "+c" operands and "memory" clobbers */
#include <stdio.h>
#include <string.h>

static void *my_memcpy(void *dst, const void *src, unsigned long n)
{
    void *ret = dst;
    asm volatile ("rep movsb"
                  : "+D" (dst), "+S" (src), "+c" (n)
                  :
                  : "memory");
    return ret;
}

static inline void my_memset(void *dst, int c, unsigned long n)
{
    asm volatile ("rep stosb"
                  : "+D" (dst), "+c" (n)
                  : "a" (c)
                  : "memory");
}

/* the manual's fill example, with the modified registers as outputs */
static void fill32(unsigned int *dest, unsigned int value, unsigned long count)
{
    asm volatile ("rep stosl"
                  : "+D" (dest), "+c" (count)
                  : "a" (value)
                  : "memory");
}

/* compare n bytes: returns 0 if equal, else the index of the first
   difference + 1 */
static long my_memcmp_pos(const void *a, const void *b, unsigned long n)
{
    const char *start = a;
    int equal;
    if (n == 0)
        return 0;
    asm ("repe cmpsb"
         : "=@cce" (equal), "+S" (a), "+D" (b), "+c" (n)
         : "m" (*(const char (*)[n]) a), "m" (*(const char (*)[n]) b));
    return equal ? 0 : (const char *)a - start;
}

int main(void)
{
    char src[32] = "the quick brown fox";
    char dst[32];
    unsigned int words[6];
    int i;

    memset(dst, '.', sizeof dst);
    my_memcpy(dst, src, 10);
    dst[10] = 0;
    printf("memcpy: [%s]\n", dst);
    printf("returned dst: %d\n", my_memcpy(dst, src, strlen(src) + 1) == dst);
    printf("memcpy whole: [%s]\n", dst);

    for (i = 0; i < 3; i++) {
        my_memset(dst + i * 4, 'a' + i, 4);
    }
    dst[12] = 0;
    printf("memset: [%s]\n", dst);
    my_memset(dst, 'z', 0);
    printf("memset n=0: [%s]\n", dst);

    fill32(words, 0xdeadbeefu, 4);
    words[4] = words[5] = 0;
    for (i = 0; i < 6; i++)
        printf("words[%d]=%#x\n", i, words[i]);

    printf("cmp equal: %ld\n", my_memcmp_pos("abcdef", "abcdef", 6));
    printf("cmp differ at: %ld\n", my_memcmp_pos("abcdef", "abcxef", 6));
    printf("cmp differ at: %ld\n", my_memcmp_pos("abcdef", "zbcdef", 6));
    printf("cmp prefix: %ld\n", my_memcmp_pos("abcdef", "abcxyz", 3));
    return 0;
}
