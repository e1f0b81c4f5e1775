/* flags: -mavx512f */

void f(void)
{
    asm volatile("kxorw %%k1, %%k1, %%k1" ::: "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7");
}
