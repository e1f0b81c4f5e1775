int counter;
void bump(void)
{
    asm("incl %0" : "+m"(counter));
}
