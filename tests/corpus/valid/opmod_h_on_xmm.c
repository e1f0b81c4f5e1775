double f(double v)
{
    asm("# %h0" : "+x"(v));
    return v;
}
