/* exasm-requires: /usr/include/x86_64-linux-gnu/urcu/uatomic.h|/usr/include/urcu/uatomic.h (liburcu-dev) */
/* exasm-skip: chibicc: urcu's headers call __builtin_trap, which chibicc lacks */
/* Userspace RCU's x86 primitives (urcu/arch/x86.h, urcu/uatomic/x86.h): every uatomic
 * operation at every operand size, checked single-threaded, then four threads adding,
 * incrementing and exchanging, whose totals are exact only if the operations are atomic. The
 * objects are globals: the header's void operations declare their read-modify-write operand
 * "=m", which is only safe where the "memory" clobber keeps the compiler from dropping the
 * stores before them (docs/check.md). */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <urcu/arch.h>
#include <urcu/uatomic.h>

static uint8_t u8;
static uint16_t u16;
static uint32_t u32;
static uint64_t u64;

#define SHOW(tag) printf("%s %u %u %u %" PRIu64 "\n", tag, u8, u16, u32, u64)
#define EVERY_SIZE(op) op(u8) op(u16) op(u32) op(u64)
#define SET(v) v = 1;
#define CMPXCHG(v) r += uatomic_cmpxchg(&v, 1, 200);
#define CMPXCHG_FAIL(v) r += uatomic_cmpxchg(&v, 1, 3);
#define XCHG(v) r += uatomic_xchg(&v, 250);
#define ADD_RETURN(v) r += uatomic_add_return(&v, 10);
#define VOID_OPS(v) uatomic_and(&v, 0xf3); uatomic_or(&v, 0x40); uatomic_add(&v, 7); uatomic_inc(&v); uatomic_dec(&v); uatomic_dec(&v);

static void single_threaded(void)
{
	uint64_t r = 0;
	cmm_smp_mb();
	EVERY_SIZE(SET)
	EVERY_SIZE(CMPXCHG)
	SHOW("cmpxchg");
	EVERY_SIZE(CMPXCHG_FAIL)
	SHOW("cmpxchg-fail");
	EVERY_SIZE(XCHG)
	SHOW("xchg");
	EVERY_SIZE(ADD_RETURN)
	SHOW("add_return");
	EVERY_SIZE(VOID_OPS)
	SHOW("void-ops");
	printf("r %" PRIu64 "\n", r);
	uint64_t t0 = caa_get_cycles(), t1 = caa_get_cycles();
	printf("cycles move forward %d\n", t1 >= t0);
}

enum { THREADS = 4, ROUNDS = 100000 };
static unsigned long added, incremented, returned_sum;
static unsigned int token;

static void *worker(void *arg)
{
	unsigned long id = (uintptr_t)arg;
	for (int i = 0; i < ROUNDS; i++) {
		uatomic_add(&added, id);
		uatomic_inc(&incremented);
		uatomic_add_return(&returned_sum, 2);
		while (uatomic_cmpxchg(&token, 0, 1) != 0)
			caa_cpu_relax();
		uatomic_set(&token, 0);
		cmm_smp_wmb();
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
	cmm_smp_rmb();
	printf("threads %lu %lu %lu %u\n", added, incremented, returned_sum, uatomic_read(&token));
	return 0;
}
