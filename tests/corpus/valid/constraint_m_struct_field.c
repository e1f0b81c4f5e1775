struct point { int x, y; };
void sety(struct point *p, int v)
{
    asm("movl %1, %0" : "=m"(p->y) : "r"(v));
}
