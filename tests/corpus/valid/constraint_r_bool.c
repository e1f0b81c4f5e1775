_Bool flip(_Bool b)
{
    asm("xorb $1, %0" : "+r"(b));
    return b;
}
