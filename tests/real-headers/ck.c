/* exasm-requires: /usr/include/ck_pr.h (libck-dev) */
/* Concurrency Kit's x86-64 primitives (gcc/x86_64/ck_pr.h): every ck_pr operation whose body is
 * an asm statement, called once per macro expansion. */
#include <ck_pr.h>
#include <stdbool.h>
#include <stdint.h>

uint64_t u64[2], c64[2], s64[2], v64[2];
uint32_t u32;
uint16_t u16;
uint8_t u8;
int i32;
unsigned int ui;
char ch;
double dbl;
void *ptr;

void fences(void)
{
	ck_pr_stall();
	ck_pr_fence_strict_atomic();
	ck_pr_fence_strict_load();
	ck_pr_fence_strict_store();
	ck_pr_fence_strict_memory();
	ck_pr_fence_strict_acquire();
	ck_pr_rfo(&u64[0]);
}

uint64_t loads_and_stores(void)
{
	uint64_t r = ck_pr_md_load_64(&u64[0]) + ck_pr_md_load_32(&u32) + ck_pr_md_load_16(&u16) + ck_pr_md_load_8(&u8);
	r += (uintptr_t)ck_pr_md_load_ptr(&ptr) + (uint64_t)ck_pr_md_load_double(&dbl) + (uint64_t)ck_pr_md_load_char(&ch);
	ck_pr_md_store_64(&u64[0], r);
	ck_pr_md_store_32(&u32, 7);
	ck_pr_md_store_16(&u16, (uint16_t)r);
	ck_pr_md_store_8(&u8, (uint8_t)r);
	ck_pr_md_store_ptr(&ptr, &r);
	ck_pr_md_store_double(&dbl, 1.5);
	ck_pr_load_64_2(u64, v64);
	return r + v64[1];
}

uint64_t fetch_and_ops(void)
{
	uint64_t r = ck_pr_faa_64(&u64[0], 3) + ck_pr_faa_32(&u32, 1) + ck_pr_faa_16(&u16, 1) + ck_pr_faa_8(&u8, 1);
	r += ck_pr_fas_64(&u64[0], r) + ck_pr_fas_32(&u32, 2) + ck_pr_fas_16(&u16, 3) + ck_pr_fas_8(&u8, 4);
	r += (uintptr_t)ck_pr_fas_ptr(&ptr, 0) + (uint64_t)ck_pr_fas_double(&dbl, 2.0);
	r += ck_pr_faa_ptr(&ptr, 8);
	return r;
}

bool unary_and_binary(void)
{
	ck_pr_inc_64(&u64[0]);
	ck_pr_dec_32(&u32);
	ck_pr_neg_16(&u16);
	ck_pr_not_8(&u8);
	ck_pr_inc_ptr(&ptr);
	ck_pr_add_64(&u64[0], 5);
	ck_pr_sub_32(&u32, 5);
	ck_pr_and_16(&u16, 0xff);
	ck_pr_or_8(&u8, 1);
	ck_pr_xor_int(&i32, 3);
	ck_pr_add_ptr(&ptr, 16);
	return ck_pr_inc_64_is_zero(&u64[0]) | ck_pr_dec_32_is_zero(&u32) | ck_pr_neg_char_is_zero(&ch);
}

bool compare_and_swap(void)
{
	uint64_t old64;
	uint32_t old32;
	bool z = ck_pr_cas_64(&u64[0], 1, 2);
	z |= ck_pr_cas_32(&u32, 1, 2);
	z |= ck_pr_cas_16(&u16, 1, 2);
	z |= ck_pr_cas_8(&u8, 1, 2);
	z |= ck_pr_cas_ptr(&ptr, 0, &u32);
	z |= ck_pr_cas_64_value(&u64[0], 1, 2, &old64);
	z |= ck_pr_cas_32_value(&u32, 1, 2, &old32);
	z |= ck_pr_cas_64_2(u64, c64, s64);
	z |= ck_pr_cas_64_2_value(u64, c64, s64, v64);
	return z | (old64 == old32);
}

bool bit_tests(unsigned int b)
{
	return ck_pr_bts_64(&u64[0], b) | ck_pr_btr_32(&u32, b) | ck_pr_btc_16(&u16, b) | ck_pr_bts_ptr(&ptr, b) | ck_pr_btr_uint(&ui, b);
}
