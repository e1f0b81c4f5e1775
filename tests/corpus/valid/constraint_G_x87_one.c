double one(void)
{
    double r;
    asm("fld1\n\tfstpl %0 # %1" : "=m"(r) : "G"(1.0));
    return r;
}
