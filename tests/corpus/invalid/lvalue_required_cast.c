/* expect: lvalue required in 'asm' statement */
long f(int x)
{
    asm("incq %0" : "+r"((long)x));
    return x;
}
