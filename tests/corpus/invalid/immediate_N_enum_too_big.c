/* expect: impossible constraint in 'asm' */
enum { PORT = 300 };
void f(unsigned char v)
{
    asm volatile("outb %0, %1" : : "a"(v), "N"(PORT));
}
