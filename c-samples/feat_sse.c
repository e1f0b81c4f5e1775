/* exasm-sample: SSE scalar operands "x" (and "v", "Yz") with double and float: addsd, mulss, sqrtsd, cvt*, %x modifier, xmm clobbers */
#include <stdio.h>

static double add_sd(double a, double b)
{
    asm ("addsd %1, %0" : "+x" (a) : "x" (b));
    return a;
}

static inline double sqrt_sd(double a)
{
    double r;
    asm ("sqrtsd %1, %0" : "=x" (r) : "xm" (a));
    return r;
}

static float mul_ss(float a, float b)
{
    float r;
    asm ("movss %1, %0\n\t"
         "mulss %2, %0"
         : "=&x" (r)
         : "x" (a), "x" (b));
    return r;
}

int main(void)
{
    double ds[] = { 0.0, 1.0, 2.0, 0.1, 1e300, -4.0 };
    unsigned i;

    for (i = 0; i < sizeof ds / sizeof ds[0]; i++)
        printf("add_sd(%g, 0.2) = %.17g\n", ds[i], add_sd(ds[i], 0.2));
    for (i = 0; i < 5; i++)
        printf("sqrt_sd(%g) = %.17g\n", ds[i], sqrt_sd(ds[i]));
    printf("sqrt_sd(-4) is nan: %d\n", sqrt_sd(-4.0) != sqrt_sd(-4.0));
    printf("mul_ss(1.5, 3.25) = %.9g\n", mul_ss(1.5f, 3.25f));
    printf("mul_ss(0.1, 0.1) = %.9g\n", mul_ss(0.1f, 0.1f));

    /* conversions between GPR and xmm operands */
    {
        long n = -123456789012L;
        double d;
        int back;
        asm ("cvtsi2sdq %1, %0" : "=x" (d) : "r" (n));
        printf("cvtsi2sd: %.17g\n", d);
        asm ("cvttsd2si %1, %0" : "=r" (back) : "x" (-2.75));
        printf("cvttsd2si(-2.75) = %d\n", back);
        asm ("cvtsd2si %1, %0" : "=r" (back) : "x" (2.5));   /* nearest even */
        printf("cvtsd2si(2.5) = %d\n", back);
    }

    /* %x modifier on an xmm operand, "v" constraint, memory source */
    {
        double a = 10.0, b = 0.5, r;
        asm ("movapd %x1, %x0\n\t"
             "divsd %2, %0"
             : "=&v" (r)
             : "v" (a), "m" (b));
        printf("10 / 0.5 = %g\n", r);
    }

    /* xmm0 via "Yz", and xmm clobbers */
    {
        double in = 7.0, out;
        asm ("movsd %1, %%xmm1\n\t"
             "addsd %%xmm1, %%xmm1\n\t"
             "movsd %%xmm1, %0"
             : "=x" (out)
             : "Yz" (in)
             : "xmm1");
        printf("Yz doubled = %g\n", out);
        asm ("xorpd %%xmm2, %%xmm2\n\t"
             "xorpd %%xmm3, %%xmm3\n\t"
             "movsd %1, %0"
             : "=x" (out)
             : "x" (in * 3)
             : "xmm2", "xmm3");
        printf("after clobbers = %g, in still %g\n", out, in);
    }

    /* bit pattern moves between xmm and GPR */
    {
        unsigned long bits;
        double back;
        asm ("movq %1, %0" : "=r" (bits) : "x" (-1.0));
        printf("bits(-1.0) = %#lx\n", bits);
        asm ("movq %1, %0" : "=x" (back) : "r" (0x4009000000000000UL));
        printf("double(0x4009000000000000) = %g\n", back);
    }
    return 0;
}
