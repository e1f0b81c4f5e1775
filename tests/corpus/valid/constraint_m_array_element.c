long table[16];
long get(int i)
{
    long r;
    asm("movq %1, %0" : "=r"(r) : "m"(table[i]));
    return r;
}
