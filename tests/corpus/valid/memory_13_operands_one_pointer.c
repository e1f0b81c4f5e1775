/* 13 "m"(v[k]) through one pointer and one "=&r": at -O0 one register per operand, 14 in all, exactly the 14 GPRs -O0 has besides rsp and rbp. */
long f(long *v)
{
    long r;
    asm("movq %1, %0\n\taddq %2, %0\n\taddq %3, %0\n\taddq %4, %0\n\taddq %5, %0\n\taddq %6, %0\n\taddq %7, %0\n\taddq %8, %0\n\taddq %9, %0\n\taddq %10, %0\n\taddq %11, %0\n\taddq %12, %0\n\taddq %13, %0"
        : "=&r"(r)
        : "m"(v[0]), "m"(v[1]), "m"(v[2]), "m"(v[3]), "m"(v[4]), "m"(v[5]), "m"(v[6]),
          "m"(v[7]), "m"(v[8]), "m"(v[9]), "m"(v[10]), "m"(v[11]), "m"(v[12]));
    return r;
}
