/* exasm-sample: x87 stack operands "t" "u" "f" on long double: fsqrt, fsincos, fyl2x, fpatan, fscale, fadd */
/* exasm-needs: x87 */
#include <stdio.h>

static long double x87_sqrt(long double x)
{
    long double r;
    asm ("fsqrt" : "=t" (r) : "0" (x));
    return r;
}

static long double x87_log2_times(long double x, long double y)
{
    long double r;
    /* st(0) = st(1) * log2(st(0)), pops st(1) */
    asm ("fyl2x" : "=t" (r) : "0" (x), "u" (y) : "st(1)");
    return r;
}

static long double x87_atan2(long double y, long double x)
{
    long double r;
    /* st(0) = atan(st(1) / st(0)), pops */
    asm ("fpatan" : "=t" (r) : "0" (x), "u" (y) : "st(1)");
    return r;
}

static long double x87_scale(long double x, long double e)
{
    long double r;
    /* fscale does not pop: st(1) stays an input that gcc pops afterwards */
    asm ("fscale" : "=t" (r) : "0" (x), "u" (e));
    return r;
}

int main(void)
{
    long double vals[] = { 0.0L, 1.0L, 2.0L, 0.25L, 1e10L, 3.0L };
    unsigned i;

    for (i = 0; i < sizeof vals / sizeof vals[0]; i++)
        printf("sqrt(%Lg) = %.18Lg\n", vals[i], x87_sqrt(vals[i]));

    printf("log2(8) * 3 = %.18Lg\n", x87_log2_times(8.0L, 3.0L));
    printf("log2(10) * 1 = %.18Lg\n", x87_log2_times(10.0L, 1.0L));
    printf("atan2(1, 1) = %.18Lg\n", x87_atan2(1.0L, 1.0L));
    printf("atan2(1, -1) = %.18Lg\n", x87_atan2(1.0L, -1.0L));
    printf("atan2(-2, 0.5) = %.18Lg\n", x87_atan2(-2.0L, 0.5L));
    printf("scale(3, 4) = %.18Lg\n", x87_scale(3.0L, 4.0L));
    printf("scale(1, -3) = %.18Lg\n", x87_scale(1.0L, -3.0L));

    /* two outputs: fsincos pushes, st(0) = cos, st(1) = sin */
    {
        long double c, s;
        asm ("fsincos" : "=t" (c), "=u" (s) : "0" (0.5L));
        printf("sincos(0.5): cos=%.18Lg sin=%.18Lg\n", c, s);
    }

    /* constants loaded by the template */
    {
        long double pi, l2e, one;
        asm ("fldpi" : "=t" (pi));
        asm ("fldl2e" : "=t" (l2e));
        asm ("fld1" : "=t" (one));
        printf("fldpi=%.18Lg fldl2e=%.18Lg fld1=%Lg\n", pi, l2e, one);
    }

    /* "f": any stack register as an input */
    {
        long double a = 1.25L, b = 1e-18L, r;
        asm ("fadd %2, %0" : "=&t" (r) : "0" (a), "f" (b));
        printf("1.25 + 1e-18 in 64-bit mantissa = %.20Lg\n", r);
    }

    /* long double in memory */
    {
        long double m = 2.5L, r;
        asm ("fldt %1\n\t"
             "fchs"
             : "=t" (r)
             : "m" (m));
        printf("fldt + fchs = %Lg\n", r);
    }
    return 0;
}
