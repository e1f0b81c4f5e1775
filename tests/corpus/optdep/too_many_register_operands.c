/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: 'asm' operand has impossible constraints */
long f(long *p)
{
    asm("# %0"
        : "+r"(p[0]), "+r"(p[1]), "+r"(p[2]), "+r"(p[3]), "+r"(p[4]),
          "+r"(p[5]), "+r"(p[6]), "+r"(p[7]), "+r"(p[8]), "+r"(p[9]),
          "+r"(p[10]), "+r"(p[11]), "+r"(p[12]), "+r"(p[13]), "+r"(p[14]));
    return p[0];
}
