/* exasm-sample: <cpuid.h> (__get_cpuid_max, __get_cpuid, __get_cpuid_count, __cpuid, __cpuid_count, __cpuidex, bit_ masks): gcc's header natively, exasm's own with chibicc (prints stable facts only) */
#include <stdio.h>
#include <cpuid.h>

int main(void)
{
    unsigned int a = 0, b = 0, c = 0, d = 0, sig, a2, b2, c2, d2;
    int info[4];
    unsigned int max = __get_cpuid_max(0, &sig);
    unsigned int ext = __get_cpuid_max(0x80000000, 0);
    printf("max >= 1: %d, vendor is Intel or AMD or other: %d\n", max >= 1,
           sig == signature_INTEL_ebx ? 1 : sig == signature_AMD_ebx ? 2 : 3);
    printf("extended >= 0x80000001: %d\n", ext >= 0x80000001u);
    if (__get_cpuid(1, &a, &b, &c, &d))
        printf("leaf 1: sse=%d sse2=%d cmov=%d cx8=%d fxsave=%d mmx=%d\n", !!(d & bit_SSE), !!(d & bit_SSE2),
               !!(d & bit_CMOV), !!(d & bit_CMPXCHG8B), !!(d & bit_FXSAVE), !!(d & bit_MMX));
    __cpuid(1, a2, b2, c2, d2);
    printf("__cpuid agrees with __get_cpuid on leaf 1 edx: %d, ecx sse3..avx bits: %d\n", d2 == d,
           (c2 & (bit_SSE3 | bit_SSSE3 | bit_SSE4_1 | bit_SSE4_2 | bit_POPCNT | bit_AVX)) == (c & (bit_SSE3 | bit_SSSE3 | bit_SSE4_1 | bit_SSE4_2 | bit_POPCNT | bit_AVX)));
    printf("leaf 7 reported: %d, present: %d\n", __get_cpuid_count(7, 0, &a, &b, &c, &d), max >= 7);
    __cpuid_count(0, 0, a2, b2, c2, d2);
    __cpuidex(info, 0, 0);
    printf("__cpuid_count and __cpuidex agree on leaf 0: %d\n", (unsigned)info[0] == a2 && (unsigned)info[1] == b2 && (unsigned)info[2] == c2 && (unsigned)info[3] == d2);
    printf("a leaf past the maximum is refused: %d\n", __get_cpuid(max + 1, &a, &b, &c, &d));
    if (__get_cpuid(0x80000001, &a, &b, &c, &d))
        printf("long mode: %d lahf: %d\n", !!(d & bit_LM), !!(c & bit_LAHF_LM));
    return 0;
}
