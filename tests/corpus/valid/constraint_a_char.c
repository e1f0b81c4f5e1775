unsigned char port_in(unsigned short port)
{
    unsigned char v;
    asm volatile("inb %1, %0" : "=a"(v) : "d"(port));
    return v;
}
