/* exasm-sample: every "=@cc<cond>" flag output (a ae b be c e z g ge l le o p s and n-forms) after cmp, in several C types */
#include <stdio.h>

static void show_cmp(long a, long b)
{
    _Bool fa, fae, fb, fbe;
    char fc, fe, fz;
    unsigned char fg, fge;
    int fl, fle;
    long fo;
    short fp;
    unsigned fs;
    int na, nae, nb, nbe, nc, ne, ng, nge, nl, nle, no, np, ns, nz;
    _Bool nz_bool;

    asm ("cmp %[b], %[a]"
         : "=@cca" (fa), "=@ccae" (fae), "=@ccb" (fb), "=@ccbe" (fbe),
           "=@ccc" (fc), "=@cce" (fe), "=@ccz" (fz), "=@ccg" (fg),
           "=@ccge" (fge), "=@ccl" (fl), "=@ccle" (fle), "=@cco" (fo),
           "=@ccp" (fp), "=@ccs" (fs)
         : [a] "r" (a), [b] "r" (b));
    asm ("cmp %[b], %[a]"
         : "=@ccna" (na), "=@ccnae" (nae), "=@ccnb" (nb), "=@ccnbe" (nbe),
           "=@ccnc" (nc), "=@ccne" (ne), "=@ccng" (ng), "=@ccnge" (nge),
           "=@ccnl" (nl), "=@ccnle" (nle), "=@ccno" (no), "=@ccnp" (np),
           "=@ccns" (ns), "=@ccnz" (nz_bool)
         : [a] "r" (a), [b] "r" (b));
    nz = nz_bool;
    printf("cmp %ld,%ld: a=%d ae=%d b=%d be=%d c=%d e=%d z=%d g=%d ge=%d "
           "l=%d le=%d o=%ld p=%d s=%u\n",
           a, b, fa, fae, fb, fbe, fc, fe, fz, fg, fge, fl, fle, fo, fp, fs);
    printf("          na=%d nae=%d nb=%d nbe=%d nc=%d ne=%d ng=%d nge=%d "
           "nl=%d nle=%d no=%d np=%d ns=%d nz=%d\n",
           na, nae, nb, nbe, nc, ne, ng, nge, nl, nle, no, np, ns, nz);
}

int main(void)
{
    long pairs[][2] = {
        { 1, 2 }, { 2, 1 }, { 5, 5 }, { -1, 1 }, { 1, -1 },
        { -9223372036854775807L - 1, 1 }, { 9223372036854775807L, -1 },
        { 0, 3 }, { 0, 0x81 }, { 7, 0 },
    };
    unsigned i;

    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        show_cmp(pairs[i][0], pairs[i][1]);

    /* a flag output next to a "+r" output */
    {
        int x = 10, z, k;
        for (k = 0; k < 3; k++) {
            asm ("subl %2, %0" : "+r" (x), "=@ccz" (z) : "ri" (5));
            printf("x=%d zero=%d\n", x, z);
        }
    }
    /* test + parity / sign on 8-bit values */
    {
        unsigned v;
        for (v = 0; v < 8; v++) {
            unsigned char b = (unsigned char)(v * 37);
            int p, s;
            asm ("testb %2, %2" : "=@ccp" (p), "=@ccs" (s) : "q" (b));
            printf("byte %3u: parity-even=%d sign=%d\n", b, p, s);
        }
    }
    return 0;
}
