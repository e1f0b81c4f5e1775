/* expect: operand constraints for 'asm' differ in number of alternatives */
int f(int x, int y)
{
    asm("addl %1, %0" : "+r,m"(x) : "r"(y));
    return x;
}
