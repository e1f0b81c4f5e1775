/* exasm-requires: /usr/include/x86_64-linux-gnu/sys/io.h|/usr/include/sys/io.h (libc6-dev) */
/* The asm in the headers every Debian gcc installation has: glibc's port I/O (sys/io.h) and x87
 * control word (fpu_control.h), gcc's cpuid.h, and Linux's byte swaps (asm/swab.h, from
 * linux-libc-dev). */
#include <asm/swab.h>
#include <cpuid.h>
#include <fpu_control.h>
#include <sys/io.h>

unsigned port_io(unsigned short port, void *buf, unsigned long n)
{
	unsigned r = inb(port) + inb_p(port) + inw(port) + inw_p(port) + inl(port) + inl_p(port);
	outb(1, port);
	outb_p(2, port);
	outw(3, port);
	outw_p(4, port);
	outl(5, port);
	outl_p(6, port);
	insb(port, buf, n);
	insw(port, buf, n);
	insl(port, buf, n);
	outsb(port, buf, n);
	outsw(port, buf, n);
	outsl(port, buf, n);
	return r;
}

unsigned control_word(void)
{
	fpu_control_t cw;
	_FPU_GETCW(cw);
	cw |= _FPU_MASK_IM;
	_FPU_SETCW(cw);
	return cw;
}

unsigned cpu_features(unsigned leaf)
{
	unsigned a, b, c, d, r = 0;
	if (__get_cpuid(1, &a, &b, &c, &d))
		r += c;
	if (__get_cpuid_count(7, 0, &a, &b, &c, &d))
		r += b;
	__cpuid(leaf, a, b, c, d);
	r += a + b + c + d;
	__cpuid_count(leaf, 1, a, b, c, d);
	return r + a + b + c + d + __get_cpuid_max(0, 0);
}

unsigned long long byte_swaps(unsigned x, unsigned long long y)
{
	return __arch_swab32(x) + __arch_swab64(y);
}
