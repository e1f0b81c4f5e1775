/* opt-dependent: O0 reject, O2 accept */
/* expect-O0: impossible constraint in 'asm' */
void f(unsigned char v)
{
    int port = 0x80;
    asm volatile("outb %0, %1" : : "a"(v), "N"(port));
}
