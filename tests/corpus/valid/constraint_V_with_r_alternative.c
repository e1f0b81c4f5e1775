/* "V" alone never matches on x86 (every address is offsettable); "rV" falls back to r */
int load(int *p)
{
    int r;
    asm("movl %1, %0" : "=r"(r) : "rV"(*p));
    return r;
}
