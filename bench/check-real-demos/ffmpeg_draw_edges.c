/* ffmpeg 5.1.9 libavcodec/x86/mpegvideoencdsp_init.c:110 (draw_edges_mmx, w == 8), the statement
   copied as it is: it writes the left and right edges through "r" (ptr) with no "memory" clobber
   and no m operand. Inlined into a caller that stores before and loads after (draw_edges_mmx is
   static; ffmpeg calls it through a function pointer, so its own build is not hit), gcc 12 -O2
   forwards the store across the asm: prints 0, not 7. `exasm check` reports
   undeclared-memory-write at the statement. */
#include <stdint.h>
#include <stdio.h>
typedef long x86_reg;
static inline void draw_edges8(uint8_t *buf, int wrap, int width, int height)
{
    uint8_t *ptr = buf;
        __asm__ volatile (
            "1:                             \n\t"
            "movd            (%0), %%mm0    \n\t"
            "punpcklbw      %%mm0, %%mm0    \n\t"
            "punpcklwd      %%mm0, %%mm0    \n\t"
            "punpckldq      %%mm0, %%mm0    \n\t"
            "movq           %%mm0, -8(%0)   \n\t"
            "movq      -8(%0, %2), %%mm1    \n\t"
            "punpckhbw      %%mm1, %%mm1    \n\t"
            "punpckhwd      %%mm1, %%mm1    \n\t"
            "punpckhdq      %%mm1, %%mm1    \n\t"
            "movq           %%mm1, (%0, %2) \n\t"
            "add               %1, %0       \n\t"
            "cmp               %3, %0       \n\t"
            "jb                1b           \n\t"
            : "+r" (ptr)
            : "r" ((x86_reg) wrap), "r" ((x86_reg) width),
              "r" (ptr + wrap * height));

}
__attribute__((noinline)) int edge(int v) {
  uint8_t img[32 * 2];
  img[0] = 0;
  img[8] = v;                      /* the first pixel of the first row */
  draw_edges8(img + 8, 32, 16, 2); /* replicates it into img[0..7] */
  return img[0];
}
int main(void) { printf("%d (7 intended)\n", edge(7)); return 0; }
