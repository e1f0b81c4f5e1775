/* expect: impossible constraint in 'asm' */
struct big { long a, b, c; };
struct big f(struct big s)
{
    asm("# %0" : "+r"(s));
    return s;
}
