__int128 g;
void f(void)
{
    asm("addq $1, %0\n\tadcq $0, %H0" : "+o"(g));
}
