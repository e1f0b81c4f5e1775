/* "+r"(c) is %0 and the hidden tied input %1, so the labels are %l2 and %l3 */
int f(int c)
{
    asm goto("decl %0\n\tjz %l2\n\tjs %l3" : "+r"(c) : : : zero, neg);
    return c;
zero:
    return 0;
neg:
    return -1;
}
