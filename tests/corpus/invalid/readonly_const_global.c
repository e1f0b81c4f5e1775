/* expect: read-only variable 'limit' used as 'asm' output */
const long limit = 10;
void f(void)
{
    asm("movq $1, %0" : "=m"(limit));
}
