#include "config.h"
#include "ops.h"
uint64_t mul_hi(uint64_t a, uint64_t b) { uint64_t hi, lo; __asm__ ("mulq %3" : "=a" (lo), "=d" (hi) : "a" (a), "rm" (b) : "cc"); (void)lo; return hi; }
