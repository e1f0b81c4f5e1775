/* exasm-requires: /usr/include/atomic_ops.h (libatomic-ops-dev) */
/* exasm-skip: chibicc: atomic_ops.h selects its x86 code (and defines AO_TS_t) only for __GNUC__ */
/* libatomic_ops's own x86 asm (atomic_ops/sysdeps/gcc/x86.h, selected by AO_DISABLE_GCC_ATOMICS
 * as older compilers and clang builds get it; AO_CMPXCHG16B_AVAILABLE adds cmpxchg16b), checked
 * single-threaded against the values C computes, then four threads adding, or-ing and taking a
 * test-and-set lock, whose totals are exact only if the operations are atomic. */
#define AO_DISABLE_GCC_ATOMICS
#define AO_CMPXCHG16B_AVAILABLE
#include <atomic_ops.h>
#include <pthread.h>
#include <stdio.h>

static volatile AO_t word;
static volatile unsigned char byte;
static volatile unsigned short half;
static volatile unsigned int quarter;
static volatile AO_TS_t ts = AO_TS_INITIALIZER;
static volatile AO_double_t pair;

#define SHOW(tag) printf("%s %lu %u %u %u\n", tag, (unsigned long)word, byte, half, quarter)

static void single_threaded(void)
{
	word = 40, byte = 250, half = 65530, quarter = 4000000000u;
	AO_nop_full();
	AO_t a = AO_fetch_and_add_full(&word, 2);
	unsigned b = AO_char_fetch_and_add_full(&byte, 10);
	unsigned c = AO_short_fetch_and_add_full(&half, 10);
	unsigned d = AO_int_fetch_and_add_full(&quarter, 400000000u);
	printf("fetch_and_add %lu %u %u %u\n", (unsigned long)a, b, c, d);
	SHOW("after add");
	AO_and_full(&word, 0xf0);
	AO_or_full(&word, 0x101);
	AO_xor_full(&word, 3);
	AO_char_and_full(&byte, 0x0f);
	AO_char_or_full(&byte, 0x20);
	AO_char_xor_full(&byte, 0xff);
	AO_short_and_full(&half, 0x0ff0);
	AO_short_or_full(&half, 0x8000);
	AO_short_xor_full(&half, 1);
	AO_int_and_full(&quarter, 0xffff);
	AO_int_or_full(&quarter, 0x10000);
	AO_int_xor_full(&quarter, 0x5);
	SHOW("after logic");
	int t1 = AO_test_and_set_full(&ts) == AO_TS_SET;
	int t2 = AO_test_and_set_full(&ts) == AO_TS_SET;
	AO_CLEAR(&ts);
	printf("test_and_set %d %d\n", t1, t2);
	int s1 = AO_compare_and_swap_full(&word, 1, 2);
	AO_t seen = AO_fetch_compare_and_swap_full(&word, word, 7);
	printf("cas %d %lu %lu\n", s1, (unsigned long)seen, (unsigned long)word);
	pair.AO_val1 = 1, pair.AO_val2 = 2;
	int p1 = AO_compare_double_and_swap_double_full(&pair, 1, 2, 30, 40);
	int p2 = AO_compare_double_and_swap_double_full(&pair, 1, 2, 50, 60);
	printf("cas_double %d %d %lu %lu\n", p1, p2, (unsigned long)pair.AO_val1, (unsigned long)pair.AO_val2);
}

enum { THREADS = 4, ROUNDS = 100000 };
static volatile AO_t total, bits;
static volatile unsigned int counted;
static volatile AO_TS_t lock = AO_TS_INITIALIZER;
static unsigned long guarded;

static void *worker(void *arg)
{
	AO_t id = (AO_t)arg;
	for (int i = 0; i < ROUNDS; i++) {
		AO_fetch_and_add_full(&total, id);
		AO_int_fetch_and_add_full(&counted, 1);
		AO_or_full(&bits, (AO_t)1 << (i % 64));
		while (AO_test_and_set_full(&lock) == AO_TS_SET)
			;
		guarded += 3;
		AO_CLEAR(&lock);
	}
	return NULL;
}

int main(void)
{
	single_threaded();
	pthread_t t[THREADS];
	for (AO_t i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("threads %lu %u %lx %lu\n", (unsigned long)total, counted, (unsigned long)bits, guarded);
	return 0;
}
