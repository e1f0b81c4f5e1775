/* expect: impossible constraint in 'asm' */
static int scale = 3;
void set(int v) { scale = v; }
int f(int x)
{
    __asm__("imull %1, %0" : "+r"(x) : "i"(scale));
    return x;
}
