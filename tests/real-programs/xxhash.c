/* exasm-requires: /usr/include/xxhash.h (libxxhash-dev) */
/* exasm-skip: chibicc: xxhash.h uses _Static_assert, which chibicc lacks */
/* xxHash compiled from its header (XXH_INLINE_ALL), as programs that embed it do: its
 * XXH_COMPILER_GUARD statements (`__asm__ __volatile__("" : "+r" (var))`, which keep gcc from
 * vectorising or constant-folding the rounds) sit inside the hash loops of XXH32, XXH64 and
 * XXH3, including the SSE2 accumulate loop. The hashes of buffers of every length up to 300
 * bytes, with and without a seed, streaming and one-shot, must be the same through exasm. */
#define XXH_INLINE_ALL
#include <stdint.h>
#include <stdio.h>
#include <xxhash.h>

int main(void)
{
	static unsigned char buf[4096];
	uint32_t x = 2463534242u;
	for (size_t i = 0; i < sizeof buf; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	uint64_t mix = 0;
	for (size_t len = 0; len <= 300; len++) {
		uint32_t h32 = XXH32(buf, len, (uint32_t)len);
		uint64_t h64 = XXH64(buf + 1, len, len * 0x9e3779b97f4a7c15ull);
		uint64_t h3 = XXH3_64bits_withSeed(buf + 3, len, len);
		XXH128_hash_t h128 = XXH3_128bits(buf + 5, len);
		mix = mix * 31 + h32 + h64 + h3 + h128.low64 + h128.high64;
		if (len % 50 == 0)
			printf("%zu %08x %016llx %016llx %016llx%016llx\n", len, h32, (unsigned long long)h64, (unsigned long long)h3,
			       (unsigned long long)h128.high64, (unsigned long long)h128.low64);
	}
	printf("mix %016llx\n", (unsigned long long)mix);
	XXH3_state_t *st = XXH3_createState();
	XXH3_64bits_reset_withSeed(st, 7);
	for (size_t off = 0; off < sizeof buf; off += 97)
		XXH3_64bits_update(st, buf + off, off + 97 <= sizeof buf ? 97 : sizeof buf - off);
	printf("stream %016llx one-shot %016llx\n", (unsigned long long)XXH3_64bits_digest(st),
	       (unsigned long long)XXH3_64bits_withSeed(buf, sizeof buf, 7));
	XXH3_freeState(st);
	printf("large %016llx %08x\n", (unsigned long long)XXH64(buf, sizeof buf, 1), XXH32(buf, sizeof buf, 1));
	return 0;
}
