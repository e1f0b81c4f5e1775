long double g;
void f(void)
{
    asm("fldt %0\n\tfchs\n\tfstpt %0" : "+m"(g));
}
