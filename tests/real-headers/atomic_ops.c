/* exasm-requires: /usr/include/atomic_ops.h (libatomic-ops-dev) */
/* libatomic_ops's x86 primitives (atomic_ops/sysdeps/gcc/x86.h). With gcc >= 4.8 the header
 * uses gcc's __atomic builtins and no asm; AO_DISABLE_GCC_ATOMICS selects its own asm, as older
 * compilers and clang builds get, and AO_CMPXCHG16B_AVAILABLE its cmpxchg16b double-word CAS. On
 * x86-64 the single-word compare-and-swap always uses __sync builtins. */
#define AO_DISABLE_GCC_ATOMICS
#define AO_CMPXCHG16B_AVAILABLE
#include <atomic_ops.h>

volatile AO_t word;
volatile unsigned char byte;
volatile unsigned short half;
volatile unsigned int quarter;
volatile AO_TS_t lock;
volatile AO_double_t pair;

AO_t atomics(void)
{
	AO_t r = 0;
	AO_nop_full();
	r += AO_fetch_and_add_full(&word, 2);
	r += AO_char_fetch_and_add_full(&byte, 1);
	r += AO_short_fetch_and_add_full(&half, 1);
	r += AO_int_fetch_and_add_full(&quarter, 1);
	AO_and_full(&word, 0xf0);
	AO_or_full(&word, 1);
	AO_xor_full(&word, 3);
	AO_char_and_full(&byte, 1);
	AO_char_or_full(&byte, 2);
	AO_char_xor_full(&byte, 3);
	AO_short_and_full(&half, 1);
	AO_short_or_full(&half, 2);
	AO_short_xor_full(&half, 3);
	AO_int_and_full(&quarter, 1);
	AO_int_or_full(&quarter, 2);
	AO_int_xor_full(&quarter, 3);
	r += AO_test_and_set_full(&lock);
	r += AO_compare_and_swap_full(&word, 1, 2);
	r += AO_fetch_compare_and_swap_full(&word, 1, 2);
	r += AO_compare_double_and_swap_double_full(&pair, 1, 2, 3, 4);
	return r;
}
