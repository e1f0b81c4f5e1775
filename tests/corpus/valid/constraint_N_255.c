unsigned char in_ff(void)
{
    unsigned char v;
    asm volatile("inb %1, %0" : "=a"(v) : "N"(255));
    return v;
}
