/* exasm-requires: /usr/include/ck_pr.h (libck-dev) */
/* exasm-skip: chibicc: ck_cc.h defines CK_CC_IMM_U32, which ck_pr.h needs, only for __GNUC__ */
/* Concurrency Kit (gcc/x86_64/ck_pr.h, ck_spinlock.h): every kind of ck_pr operation on every
 * width, checked single-threaded against the values C computes, then four threads hammering a
 * counter, a spinlock-protected sum and a CAS loop, whose totals are exact only if the
 * operations are atomic. */
#include <ck_pr.h>
#include <ck_spinlock.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t u64[2], c64[2], s64[2], v64[2];
static uint32_t u32;
static uint16_t u16;
static uint8_t u8;
static int i32;
static unsigned int ui;
static char ch;
static double dbl;
static void *ptr;

static void single_threaded(void)
{
	ck_pr_fence_strict_memory();
	ck_pr_stall();
	ck_pr_md_store_64(&u64[0], 0x1122334455667788ull);
	ck_pr_md_store_32(&u32, 7);
	ck_pr_md_store_16(&u16, 0xfffe);
	ck_pr_md_store_8(&u8, 0x80);
	ck_pr_md_store_double(&dbl, 1.5);
	ck_pr_md_store_ptr(&ptr, &u32);
	printf("loads %" PRIx64 " %u %u %u %g %d\n", ck_pr_md_load_64(&u64[0]), ck_pr_md_load_32(&u32), ck_pr_md_load_16(&u16),
	       ck_pr_md_load_8(&u8), ck_pr_md_load_double(&dbl), ck_pr_md_load_ptr(&ptr) == &u32);

	uint64_t a = ck_pr_faa_64(&u64[0], 3);
	uint32_t b = ck_pr_faa_32(&u32, 0xfffffffa);
	uint16_t c = ck_pr_faa_16(&u16, 5);
	uint8_t d = ck_pr_faa_8(&u8, 0x81);
	printf("faa %" PRIx64 " %u %u %u -> %" PRIx64 " %u %u %u\n", a, b, c, d, u64[0], u32, u16, u8);
	a = ck_pr_fas_64(&u64[0], 42);
	b = ck_pr_fas_32(&u32, 43);
	c = ck_pr_fas_16(&u16, 44);
	d = ck_pr_fas_8(&u8, 45);
	double e = ck_pr_fas_double(&dbl, 2.25);
	printf("fas %" PRIx64 " %u %u %u %g -> %" PRIu64 " %u %u %u %g\n", a, b, c, d, e, u64[0], u32, u16, u8, dbl);

	ck_pr_inc_64(&u64[0]);
	ck_pr_dec_32(&u32);
	ck_pr_neg_16(&u16);
	ck_pr_not_8(&u8);
	ck_pr_add_64(&u64[0], 5);
	ck_pr_sub_32(&u32, 50);
	ck_pr_and_16(&u16, 0xff0);
	ck_pr_or_8(&u8, 1);
	ck_pr_xor_int(&i32, 3);
	printf("rmw %" PRIu64 " %u %u %u %d\n", u64[0], u32, u16, u8, i32);

	u32 = 1;
	u16 = 0;
	ch = 0;
	bool z1 = ck_pr_dec_32_is_zero(&u32);
	bool z2 = ck_pr_inc_16_is_zero(&u16);
	bool z3 = ck_pr_neg_char_is_zero(&ch);
	u64[0] = UINT64_MAX;
	bool z4 = ck_pr_inc_64_is_zero(&u64[0]);
	printf("is_zero %d %d %d %d\n", z1, z2, z3, z4);

	u64[0] = 1;
	u32 = 9;
	bool s1 = ck_pr_cas_64(&u64[0], 1, 2);
	bool s2 = ck_pr_cas_32(&u32, 1, 2);
	uint64_t old64 = 0;
	uint32_t old32 = 0;
	bool s3 = ck_pr_cas_64_value(&u64[0], 2, 3, &old64);
	bool s4 = ck_pr_cas_32_value(&u32, 1, 2, &old32);
	bool s5 = ck_pr_cas_ptr(&ptr, &u32, &u16);
	printf("cas %d %d %d %d %d %" PRIu64 " %" PRIu64 " %u %u %d\n", s1, s2, s3, s4, s5, u64[0], old64, u32, old32, ptr == &u16);

	u64[0] = 10, u64[1] = 20, c64[0] = 10, c64[1] = 20, s64[0] = 30, s64[1] = 40;
	bool d1 = ck_pr_cas_64_2(u64, c64, s64);
	bool d2 = ck_pr_cas_64_2_value(u64, c64, s64, v64);
	printf("cas2 %d %d %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", d1, d2, u64[0], u64[1], v64[0], v64[1]);

	u64[0] = 0, u32 = 0xff, u16 = 0x10, ui = 0;
	bool b1 = ck_pr_bts_64(&u64[0], 63);
	bool b2 = ck_pr_bts_64(&u64[0], 63);
	bool b3 = ck_pr_btr_32(&u32, 3);
	bool b4 = ck_pr_btc_16(&u16, 4);
	bool b5 = ck_pr_btr_uint(&ui, 1);
	printf("bits %d %d %d %d %d %" PRIx64 " %x %x %x\n", b1, b2, b3, b4, b5, u64[0], u32, u16, ui);
}

enum { THREADS = 4, ROUNDS = 100000 };
static uint64_t counter;
static uint32_t cas_counter;
static uint64_t locked_sum;
static ck_spinlock_fas_t lock = CK_SPINLOCK_FAS_INITIALIZER;

static void *worker(void *arg)
{
	uint64_t id = (uintptr_t)arg;
	for (int i = 0; i < ROUNDS; i++) {
		ck_pr_inc_64(&counter);
		uint32_t seen = ck_pr_load_32(&cas_counter);
		while (!ck_pr_cas_32_value(&cas_counter, seen, seen + 1, &seen))
			ck_pr_stall();
		ck_spinlock_fas_lock(&lock);
		locked_sum += id;
		ck_spinlock_fas_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	single_threaded();
	pthread_t t[THREADS];
	for (uintptr_t i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("threads %" PRIu64 " %u %" PRIu64 "\n", counter, cas_counter, locked_sum);
	return 0;
}
