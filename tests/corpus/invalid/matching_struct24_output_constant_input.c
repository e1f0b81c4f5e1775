/* expect: inconsistent operand constraints in an 'asm' */
struct s { long a, b, c; };
struct s f(void)
{
    struct s s;
    asm("" : "=rm"(s) : "0"(1));
    return s;
}
