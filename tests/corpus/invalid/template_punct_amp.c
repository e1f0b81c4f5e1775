/* expect: invalid 'asm': '%&' used without any local dynamic TLS references */
int f(int x)
{
    asm("incl %0 # %&" : "+r"(x));
    return x;
}
