struct acc { unsigned __int128 total; int n; };
void add(struct acc *a, unsigned long v)
{
    asm("addq %1, %0\n\tadcq $0, %H0" : "+o"(a->total) : "r"(v));
}
