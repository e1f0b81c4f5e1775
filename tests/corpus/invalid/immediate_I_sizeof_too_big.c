/* expect: impossible constraint in 'asm' */
struct big { char c[40]; };
unsigned f(unsigned x)
{
    asm("shll %1, %0" : "+r"(x) : "I"(sizeof(struct big)));
    return x;
}
