/* exasm-sample: x87 stack operands "t" "u" with double and float values (loaded with fld, stored with fstp) */
#include <stdio.h>

static double fsqrt_d(double x)
{
    double r;
    asm ("fsqrt" : "=t" (r) : "0" (x));
    return r;
}

static inline double frndint_d(double x)
{
    double r;
    asm ("frndint" : "=t" (r) : "0" (x));   /* round to nearest even */
    return r;
}

static double fpatan_d(double y, double x)
{
    double r;
    asm ("fpatan" : "=t" (r) : "0" (x), "u" (y) : "st(1)");
    return r;
}

int main(void)
{
    double xs[] = { 2.0, 9.0, 0.5, 1e-300, 12345.678 };
    double rs[] = { 0.5, 1.5, 2.5, -0.5, -1.5, 3.7, -3.7 };
    unsigned i;

    for (i = 0; i < sizeof xs / sizeof xs[0]; i++)
        printf("fsqrt(%g) = %.17g\n", xs[i], fsqrt_d(xs[i]));
    for (i = 0; i < sizeof rs / sizeof rs[0]; i++)
        printf("frndint(%g) = %g\n", rs[i], frndint_d(rs[i]));
    printf("fpatan(1, 2) = %.17g\n", fpatan_d(1.0, 2.0));
    printf("fpatan(-1, -1) = %.17g\n", fpatan_d(-1.0, -1.0));

    {
        float f = 2.0f, r;
        asm ("fsqrt" : "=t" (r) : "0" (f));
        printf("float fsqrt(2) = %.9g\n", r);
    }
    {
        double c, s;
        asm ("fsincos" : "=t" (c), "=u" (s) : "0" (1.0));
        printf("fsincos(1): %.15g %.15g\n", c, s);
    }
    {
        double a = 3.0, b = 4.0, r;
        asm ("fmul %%st(0), %%st(0)\n\t"
             "fxch %%st(1)\n\t"
             "fmul %%st(0), %%st(0)\n\t"
             "faddp\n\t"
             "fsqrt"
             : "=t" (r)
             : "0" (a), "u" (b)
             : "st(1)");
        printf("hypot(3, 4) = %g\n", r);
    }
    return 0;
}
