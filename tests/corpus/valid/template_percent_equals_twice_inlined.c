static inline __attribute__((always_inline)) int absv(int x)
{
    asm("testl %0, %0\n\tjns 1f\n\tnegl %0\n1:  # instance %=" : "+r"(x));
    return x;
}
int f(int a, int b) { return absv(a) + absv(b); }
