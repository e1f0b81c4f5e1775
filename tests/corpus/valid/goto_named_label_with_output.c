int f(int c)
{
    asm goto("decl %0\n\tjz %l[done]" : "+r"(c) : : "cc" : done);
    return c;
done:
    return 1000;
}
