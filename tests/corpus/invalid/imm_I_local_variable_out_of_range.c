/* expect: impossible constraint in 'asm' */
unsigned f(unsigned x)
{
    unsigned k = 32;
    asm("shll %1, %0" : "+r"(x) : "I"(k));
    return x;
}
