/* exasm-requires: /usr/include/x86_64-linux-gnu/urcu/uatomic.h|/usr/include/urcu/uatomic.h (liburcu-dev) */
/* Userspace RCU's x86 primitives (urcu/arch/x86.h, urcu/uatomic/x86.h): the barriers, the cycle
 * counter and every uatomic operation at every operand size (1, 2, 4 and 8 bytes). */
#include <stdint.h>
#include <urcu/arch.h>
#include <urcu/uatomic.h>

uint8_t u8;
uint16_t u16;
uint32_t u32;
uint64_t u64;

void barriers(void)
{
	cmm_mb();
	cmm_rmb();
	cmm_wmb();
	cmm_smp_mb();
	caa_cpu_relax();
}

uint64_t cycles(void)
{
	return caa_get_cycles();
}

#define EVERY_SIZE(op) op(u8) op(u16) op(u32) op(u64)
#define CMPXCHG(v) r += uatomic_cmpxchg(&v, 1, 2);
#define XCHG(v) r += uatomic_xchg(&v, 3);
#define ADD_RETURN(v) r += uatomic_add_return(&v, 4);
#define VOID_OPS(v) uatomic_and(&v, 5); uatomic_or(&v, 6); uatomic_add(&v, 7); uatomic_inc(&v); uatomic_dec(&v);

uint64_t atomics(void)
{
	uint64_t r = 0;
	EVERY_SIZE(CMPXCHG)
	EVERY_SIZE(XCHG)
	EVERY_SIZE(ADD_RETURN)
	EVERY_SIZE(VOID_OPS)
	return r;
}
