/* flags: -mavx512dq -mno-avx512bw */
void f(void)
{
    unsigned char k = 0;
    __asm volatile("kmovb %0, %%k1" :: "k"(k));
}
