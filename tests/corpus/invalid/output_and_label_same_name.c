/* expect: invalid 'asm': '%l' operand isn't a label */
int f(int x)
{
    asm goto("decl %0\n\tjz %l[out]" : [out] "+r"(x) ::: out);
    return x;
out:
    return 0;
}
