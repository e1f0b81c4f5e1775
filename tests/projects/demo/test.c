#include "config.h"
#include "ops.h"
int main(void) { return !(mul_hi(1ULL << 63, 6) == 3 && bswap32(0x11223344u) == 0x44332211u); }
