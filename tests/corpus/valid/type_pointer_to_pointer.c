void *f(void **pp)
{
    void *r;
    asm("movq (%1), %0" : "=r"(r) : "r"(pp));
    return r;
}
