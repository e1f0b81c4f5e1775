float add(float a, float b)
{
    asm("addss %1, %0" : "+x"(a) : "x"(b));
    return a;
}
