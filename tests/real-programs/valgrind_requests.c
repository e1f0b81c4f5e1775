/* exasm-requires: /usr/include/valgrind/valgrind.h (valgrind) */
/* exasm-run: valgrind */
/* Valgrind's client requests (valgrind.h, memcheck.h), run under valgrind: the magic preamble
 * (four rotates of rdi that add up to 128 bits, then a no-op xchg naming the request) is only
 * recognised when it reaches the CPU byte for byte, so every answer printed here comes from
 * valgrind itself. The function wrappers are in valgrind_wrap.c. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>

static long twice(long tid, long x)
{
	(void)tid;
	return 2 * x;
}

int main(void)
{
	unsigned running = RUNNING_ON_VALGRIND;
	printf("running on valgrind: %u\n", running);
	char *buf = malloc(64);
	VALGRIND_MAKE_MEM_NOACCESS(buf + 32, 32);
	printf("first unaddressable byte: %ld\n", (long)(VALGRIND_CHECK_MEM_IS_ADDRESSABLE(buf, 64) - (size_t)buf));
	VALGRIND_MAKE_MEM_UNDEFINED(buf, 32);
	printf("first undefined byte: %ld\n", (long)(VALGRIND_CHECK_MEM_IS_DEFINED(buf, 8) - (size_t)buf));
	VALGRIND_MAKE_MEM_DEFINED(buf, 64);
	printf("errors so far: %u\n", VALGRIND_COUNT_ERRORS);
	printf("non-simd call: %ld\n", (long)VALGRIND_NON_SIMD_CALL1(twice, 21));
	VALGRIND_DISCARD_TRANSLATIONS(main, 16);
	free(buf);
	return 0;
}
