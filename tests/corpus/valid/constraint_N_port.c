void out80(unsigned char v)
{
    asm volatile("outb %0, %1" : : "a"(v), "N"(0x80));
}
