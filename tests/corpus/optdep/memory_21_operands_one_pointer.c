/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: 'asm' operand has impossible constraints */
/* 21 "m"(v[k]) through one pointer and one "=&r": -O1 and above address them all from one base register, (%rcx) ... 160(%rcx); -O0 loads v into a register per operand (and with -fomit-frame-pointer too: 15 registers are not 22). */
long f(long *v)
{
    long r;
    asm("movq %1, %0\n\taddq %2, %0\n\taddq %3, %0\n\taddq %4, %0\n\taddq %5, %0\n\taddq %6, %0\n\taddq %7, %0\n\taddq %8, %0\n\taddq %9, %0\n\taddq %10, %0\n\taddq %11, %0\n\taddq %12, %0\n\taddq %13, %0\n\taddq %14, %0\n\taddq %15, %0\n\taddq %16, %0\n\taddq %17, %0\n\taddq %18, %0\n\taddq %19, %0\n\taddq %20, %0\n\taddq %21, %0"
        : "=&r"(r)
        : "m"(v[0]), "m"(v[1]), "m"(v[2]), "m"(v[3]), "m"(v[4]), "m"(v[5]), "m"(v[6]),
          "m"(v[7]), "m"(v[8]), "m"(v[9]), "m"(v[10]), "m"(v[11]), "m"(v[12]), "m"(v[13]),
          "m"(v[14]), "m"(v[15]), "m"(v[16]), "m"(v[17]), "m"(v[18]), "m"(v[19]), "m"(v[20]));
    return r;
}
