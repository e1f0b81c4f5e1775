/* expect: 'asm' specifier for variable 'r' conflicts with 'asm' clobber list */
/* expect: 'asm' specifier for variable 'r' conflicts with 'asm' clobber list */
int f(int v)
{
    register int r asm("ebx") = v;
    asm("incl %0" : "+r"(r) : : "ebx");
    return r;
}
