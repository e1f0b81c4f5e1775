/* warn: unsupported size for integer register */
/* __int128 in "r" is a register pair; %0 names the low register */
unsigned __int128 notlow(unsigned __int128 v)
{
    asm("notq %0" : "+r"(v));
    return v;
}
