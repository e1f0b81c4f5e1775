/* expect: invalid type for 'asm' flag output */
float f(int a)
{
    float r;
    asm("testl %1, %1" : "=@ccz"(r) : "r"(a));
    return r;
}
