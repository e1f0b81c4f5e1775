/* musl 1.2.3 arch/x86_64/atomic_arch.h:46 (a_or), copied as it is: `lock ; or %1, %0` reads and
   writes *p but declares it "=m" (write-only). gcc 12 -O2 takes the old value as dead and deletes
   the store before the asm, "memory" clobber or not, when the caller's object is not volatile:
   prints 2, not 7 (5 | 2). `exasm check` reports memory-output-read; "+m" fixes it. */
#include <stdio.h>

static inline void a_or(volatile int *p, int v)
{
	__asm__ __volatile__(
		"lock ; or %1, %0"
		: "=m"(*p) : "r"(v) : "memory" );
}

static int flags;

__attribute__((noinline)) int set_flag(void) { flags = 5; a_or(&flags, 2); return flags; }

int main(void) { printf("%d (7 intended)\n", set_flag()); return 0; }
