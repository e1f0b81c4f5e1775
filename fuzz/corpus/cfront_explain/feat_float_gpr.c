/* exasm-sample: float and double values in general registers and memory ("r", "m", "+r"): bit manipulation of IEEE values */
#include <stdio.h>
#include <stdint.h>

static float neg_float(float f)
{
    asm ("xorl $0x80000000, %0" : "+r" (f));
    return f;
}

static double abs_double(double d)
{
    asm ("btrq $63, %0" : "+r" (d) : : "cc");
    return d;
}

int main(void)
{
    float fs[] = { 1.5f, -2.25f, 0.0f, 1e30f };
    double ds[] = { -1.5, 2.0, -0.0, -1e-300 };
    unsigned i;

    for (i = 0; i < 4; i++)
        printf("neg_float(%g) = %g\n", fs[i], neg_float(fs[i]));
    for (i = 0; i < 4; i++)
        printf("abs_double(%g) = %g\n", ds[i], abs_double(ds[i]));

    /* raw bits of a float/double: %k / %q width from the C type */
    {
        uint32_t fb;
        uint64_t db;
        asm ("movl %1, %0" : "=r" (fb) : "r" (0.1f));
        asm ("movq %1, %0" : "=r" (db) : "r" (0.1));
        printf("bits(0.1f) = %#x bits(0.1) = %#lx\n", fb, db);
        asm ("movl %1, %0" : "=r" (fb) : "m" (fs[1]));
        printf("bits(fs[1]) from memory = %#x\n", fb);
    }
    /* construct a double from bits in a GPR output */
    {
        double d;
        float f;
        asm ("movabsq $0x400921fb54442d18, %0" : "=r" (d));
        asm ("movl $0x40490fdb, %0" : "=r" (f));
        printf("from bits: %.15g %.7g\n", d, f);
    }
    /* a double in "m": add one to the exponent (multiply by 2) */
    {
        double d = 3.0;
        asm ("addq %1, %0" : "+m" (d) : "r" (1L << 52));
        printf("3.0 exponent+1 = %g\n", d);
    }
    return 0;
}
