#include "config.h"
#include <stdio.h>
#include "ops.h"
int main(void) { printf("%llu %x %d\n", (unsigned long long)mul_hi(1ULL << 63, 6), bswap32(0x11223344u), SIZEOF_LONG); return 0; }
