int f(int a)
{
    int o0, o1, o2, o3, o4, o5, o6, o7, o8, o9;
    asm("incl %9"
        : "=r"(o0), "=r"(o1), "=r"(o2), "=r"(o3), "=r"(o4),
          "=m"(o5), "=m"(o6), "=m"(o7), "=m"(o8), "=r"(o9)
        : "9"(a));
    return o9;
}
