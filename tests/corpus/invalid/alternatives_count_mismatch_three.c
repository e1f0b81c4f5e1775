/* expect: operand constraints for 'asm' differ in number of alternatives */
int f(int x, int y, int z)
{
    asm("addl %1, %0\n\taddl %2, %0" : "+r,m"(x) : "r,r"(y), "r,r,r"(z));
    return x;
}
