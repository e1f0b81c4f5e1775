/* exasm-requires: /usr/include/valgrind/valgrind.h (valgrind) */
/* Valgrind's client requests (valgrind.h, memcheck.h): the magic preamble (four rotates of rdi
 * that add up to 128 bits), the no-op `xchg` that names the request, and the function-wrapping
 * calls (CALL_FN_*), which move the stack and the frame pointer and restore them. */
#include <stddef.h>
#include <valgrind/memcheck.h>
#include <valgrind/valgrind.h>

static long twice(long x) { return 2 * x; }

unsigned requests(char *buf, size_t n)
{
	unsigned r = RUNNING_ON_VALGRIND;
	VALGRIND_MAKE_MEM_NOACCESS(buf, n);
	VALGRIND_MAKE_MEM_DEFINED(buf, n);
	r += VALGRIND_COUNT_ERRORS;
	VALGRIND_DO_CLIENT_REQUEST_STMT(VG_USERREQ__DISCARD_TRANSLATIONS, buf, n, 0, 0, 0);
	VALGRIND_VEX_INJECT_IR();
	r += (unsigned)VALGRIND_NON_SIMD_CALL1(twice, 21);
	r += VALGRIND_PRINTF("%u\n", r);
	return r;
}

long wrappers(long a, long b)
{
	OrigFn fn;
	long r0, r1, r7, r12;
	VALGRIND_GET_ORIG_FN(fn);
	CALL_FN_W_v(r0, fn);
	CALL_FN_W_W(r1, fn, a);
	CALL_FN_W_7W(r7, fn, a, b, a, b, a, b, a);
	CALL_FN_W_12W(r12, fn, a, b, a, b, a, b, a, b, a, b, a, b);
	return r0 + r1 + r7 + r12;
}
