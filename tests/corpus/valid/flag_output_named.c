int bt(unsigned long word, unsigned long bit)
{
    _Bool r;
    asm("btq %[bit], %[word]" : [r] "=@ccc"(r) : [word] "r"(word), [bit] "Ir"(bit));
    return r;
}
