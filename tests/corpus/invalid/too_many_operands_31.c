/* expect: more than 30 operands in 'asm' */
int f(int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, int a9, int a10, int a11, int a12, int a13, int a14, int a15, int a16, int a17, int a18, int a19, int a20, int a21, int a22, int a23, int a24, int a25, int a26, int a27, int a28, int a29, int a30)
{
    asm volatile("nop" :: "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7), "r"(a8), "r"(a9), "r"(a10), "r"(a11), "r"(a12), "r"(a13), "r"(a14), "r"(a15), "r"(a16), "r"(a17), "r"(a18), "r"(a19), "r"(a20), "r"(a21), "r"(a22), "r"(a23), "r"(a24), "r"(a25), "r"(a26), "r"(a27), "r"(a28), "r"(a29), "r"(a30));
    return 0;
}
