double add(double a, double b)
{
    asm("addsd %1, %0" : "+v"(a) : "v"(b));
    return a;
}
