/* exasm-requires: /usr/include/valgrind/valgrind.h (valgrind) */
/* exasm-run: valgrind */
/* exasm-skip: chibicc: chibicc gives functions no .size, and valgrind does not redirect a zero-sized symbol, so the wrappers would not run */
/* Valgrind's function wrapping (valgrind.h), run under valgrind: valgrind redirects calls of
 * add3 and sum8 to the wrappers, which ask for the original with a client request
 * (VALGRIND_GET_ORIG_FN) and call it from inside the asm (CALL_FN_W_*: the stack pointer and
 * the frame pointer move, up to 8 arguments, some on the stack). Natively the wrappers never
 * run, so the printed sums show who called whom. */
#include <stddef.h>
#include <stdio.h>
#include <valgrind/valgrind.h>

__attribute__((noinline)) long add3(long a, long b, long c)
{
	return a + b + c;
}

__attribute__((noinline)) long sum8(long a, long b, long c, long d, long e, long f, long g, long h)
{
	return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

/* Valgrind redirects add3 and sum8 of the main executable (soname NONE) to these. */
long I_WRAP_SONAME_FNNAME_ZU(NONE, add3)(long a, long b, long c)
{
	OrigFn fn;
	long r;
	VALGRIND_GET_ORIG_FN(fn);
	CALL_FN_W_WWW(r, fn, a, b, c);
	return 1000 + r;
}

long I_WRAP_SONAME_FNNAME_ZU(NONE, sum8)(long a, long b, long c, long d, long e, long f, long g, long h)
{
	OrigFn fn;
	long r;
	VALGRIND_GET_ORIG_FN(fn);
	CALL_FN_W_8W(r, fn, a, b, c, d, e, f, g, h);
	return -r;
}

int main(void)
{
	printf("wrapped add3: %ld\n", add3(1, 2, 3));
	printf("wrapped sum8: %ld\n", sum8(1, 2, 3, 4, 5, 6, 7, 8));
	return 0;
}
